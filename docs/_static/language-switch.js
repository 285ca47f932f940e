// Keep the reader's place when switching language, and remember the choice for the root page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.language-switch-link");
  if (!link) return;
  try {
    window.localStorage.setItem("site-language", link.dataset.languageFolder);
  } catch (error) {
    // Storage may be disabled; the link still works.
  }
  if (window.location.hash) {
    event.preventDefault();
    window.location.href = link.getAttribute("href") + window.location.hash;
  }
});
