// Search result snippets quote the article only: Sphinx takes them from the page's whole main
// region, which in this theme also holds the header's buttons, the colour-mode menu and the
// contents list. Loaded deferred, so it runs after searchtools.js and before the search starts.
if (typeof Search !== "undefined") {
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".headerlink, script, style").forEach((element) => element.remove());
    const article = page.querySelector("article.bd-article");
    if (!article) return "";
    const section = anchor ? article.querySelector(anchor) : null;
    return (section || article).textContent;
  };
}
