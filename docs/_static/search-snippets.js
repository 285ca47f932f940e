// Search result snippets quote one paragraph of the article: the first paragraph (or list item) of
// the section found that holds a word of the query, else the section's first; none for a section
// that is a table alone. Sphinx quotes 240 characters of the page's whole text, which here runs the
// header's buttons, table cells and code together. Sphinx 9.0 to 9.2 call
// Search.makeSearchSummary(page's HTML, stemmed words, "#anchor").
(() => {
  const LENGTH = 240;
  const paragraphs = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".headerlink, script, style").forEach((element) => element.remove());
    const article = page.querySelector("article.bd-article");
    if (!article) return [];
    const section = anchor ? page.getElementById(anchor.replace(/^#/, "")) : null;
    const scope = section && article.contains(section) ? section : article;
    return [...scope.querySelectorAll("p, li")]
      .filter((block) => !block.closest("table, pre, nav, .execdocs-example, .toctree-wrapper"))
      .filter((block) => block.tagName === "P" || !block.querySelector("p"))
      .map((block) => block.textContent.replace(/\s+/g, " ").trim())
      .filter((text) => text.length > 0);
  };
  const summary = (htmlString, keywords, anchor) => {
    const blocks = paragraphs(htmlString, anchor);
    const words = [...keywords].map((word) => word.toLowerCase()).filter((word) => word);
    const where = (text) => {
      const places = words.map((word) => text.toLowerCase().indexOf(word)).filter((at) => at >= 0);
      return places.length ? Math.min(...places) : -1;
    };
    const text = blocks.find((block) => where(block) >= 0) || blocks[0];
    // A section of a table alone has no sentence to quote: its title says it (Sphinx appends what
    // this returns; an empty fragment appends nothing).
    if (!text) return document.createDocumentFragment();
    // From the start of the sentence before the word, if that leaves the word in view.
    let start = Math.max(where(text), 0);
    const before = text.slice(0, start);
    const sentence = Math.max(before.lastIndexOf(". "), before.lastIndexOf("。"), before.lastIndexOf("："));
    start = sentence >= 0 && start - sentence < LENGTH / 2 ? sentence + 1 : start > LENGTH / 2 ? start - 40 : 0;
    const element = document.createElement("p");
    element.classList.add("context");
    const shown = text.slice(start, start + LENGTH).trim();
    element.textContent = (start > 0 ? "..." : "") + shown + (start + LENGTH < text.length ? "..." : "");
    return element;
  };
  const patch = () => (Search.makeSearchSummary = summary);
  // Before Search.init runs a search from the address (on DOMContentLoaded).
  if (typeof Search !== "undefined") patch();
  else document.addEventListener("DOMContentLoaded", () => typeof Search !== "undefined" && patch());
})();
