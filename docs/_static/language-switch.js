// Switching language keeps the reader's place: the same section (sections carry the same ids in
// every language), the same paragraph or example in it (a page's translation keeps its structure:
// the n-th block of a section is the n-th block of its counterpart), at the same height on the
// screen; and, on the search page, the same query. The link carries the place at click time,
// `?at=<block>.<fraction>` before the section's `#id` (without scripts, the section alone still
// works); the page it opens scrolls there and drops `at` from its address. The choice of language
// is remembered for the root page.
const PLACE_BLOCKS = "p, li, dt, dd, pre, table, figure, .execdocs-example, h2, h3, h4, h5, h6";

// The blocks of a section that belong to it and not to one of its subsections, in order. A block
// inside another (a paragraph in a list item, code in an example) counts once, as the outer one.
const placeBlocks = (section) =>
  [...section.querySelectorAll(PLACE_BLOCKS)].filter(
    (block) => block.closest("section[id]") === section && !block.parentElement.closest(PLACE_BLOCKS),
  );

// Where the reading starts: just under the sticky header.
const readingLine = () => {
  const header = document.querySelector(".bd-header-article");
  return (header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0) + 8;
};

// Whether the reader has scrolled the page themselves. Until then, an address's anchor is their place.
let readerMoved = false;
const MOVING_KEYS = new Set(["ArrowDown", "ArrowUp", "PageDown", "PageUp", "Home", "End", " "]);
for (const type of ["wheel", "touchmove"]) window.addEventListener(type, () => (readerMoved = true), { passive: true });
window.addEventListener("keydown", (event) => (readerMoved ||= MOVING_KEYS.has(event.key)));

const currentPlace = () => {
  if (window.location.hash && !readerMoved) return { id: decodeURIComponent(window.location.hash.slice(1)) };
  const line = readingLine();
  const sections = [...document.querySelectorAll("article section[id]")].filter(
    (section) => section.getBoundingClientRect().top <= line,
  );
  const section = sections[sections.length - 1];
  if (!section || window.scrollY <= 0) return null;
  const blocks = placeBlocks(section);
  // The block at the reading line, else the last one above it, else the first below it.
  let index = blocks.findIndex((block) => block.getBoundingClientRect().bottom > line);
  if (index < 0) index = blocks.length - 1;
  if (index < 0) return { id: section.id };
  const box = blocks[index].getBoundingClientRect();
  const fraction = Math.min(Math.max((line - box.top) / Math.max(box.height, 1), -4), 1);
  return { id: section.id, at: `${index}.${Math.round(fraction * 1000)}` };
};

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.language-switch-link");
  if (!link) return;
  try {
    window.localStorage.setItem("site-language", link.dataset.languageFolder);
  } catch (error) {
    // Storage may be disabled; the link still works.
  }
  const place = currentPlace();
  const query = new URLSearchParams(window.location.search);
  query.delete("at");
  if (place && place.at) query.set("at", place.at);
  const search = query.toString() ? `?${query}` : "";
  const hash = place ? `#${place.id}` : window.location.hash;
  if (hash || search) {
    event.preventDefault();
    window.location.href = link.getAttribute("href") + search + hash;
  }
});

// On arrival from a switch: the block the reader was at, at the height where it was.
const goToPlace = () => {
  const address = new URL(window.location.href);
  const at = /^(\d+)\.(-?\d+)$/.exec(address.searchParams.get("at") || "");
  if (!at) return;
  address.searchParams.delete("at");
  window.history.replaceState(window.history.state, "", address.href);
  const section = document.getElementById(decodeURIComponent(address.hash.slice(1)));
  const block = section && placeBlocks(section)[Number(at[1])];
  if (!block) return;
  const fraction = Number(at[2]) / 1000;
  const place = () => {
    const box = block.getBoundingClientRect();
    window.scrollTo({ top: window.scrollY + box.top + fraction * box.height - readingLine(), behavior: "instant" });
  };
  place();
  // Again once pictures and fonts have given the page its final height.
  if (document.readyState !== "complete") window.addEventListener("load", place, { once: true });
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", goToPlace);
else goToPlace();

// The navigation and contents panels of a narrow screen: the theme opens them as dialogs; they
// close with their close button, and when the reader follows a link in them.
document.addEventListener("click", (event) => {
  const dialog = event.target.closest("dialog[open]");
  if (!dialog || dialog.id === "pst-search-dialog") return;
  if (event.target.closest(".sidebar-close")) {
    dialog.close();
  } else if (event.target.closest("a[href]")) {
    window.setTimeout(() => dialog.close(), 0);
  }
});
