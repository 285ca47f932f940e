// Switching language keeps the reader's place: the same section (sections carry the same ids in
// every language) and, on the search page, the same query. The choice is remembered for the
// root page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.language-switch-link");
  if (!link) return;
  try {
    window.localStorage.setItem("site-language", link.dataset.languageFolder);
  } catch (error) {
    // Storage may be disabled; the link still works.
  }
  let hash = window.location.hash;
  if (!hash) {
    // The last section whose heading has scrolled past the header: where the reader is.
    const header = document.querySelector(".bd-header-article");
    const top = header ? header.getBoundingClientRect().bottom + 8 : 8;
    const passed = [...document.querySelectorAll("article section[id]")].filter(
      (section) => section.getBoundingClientRect().top <= top,
    );
    if (passed.length && window.scrollY > 0) hash = "#" + passed[passed.length - 1].id;
  }
  if (hash || window.location.search) {
    event.preventDefault();
    window.location.href = link.getAttribute("href") + window.location.search + hash;
  }
});

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
