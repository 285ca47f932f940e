// Ranking of the site's search (conf.py: html_search_scorer, which Sphinx writes into
// language_data.js): Sphinx's own weights, and a score for each section that holds the query,
// given by docs/_static/search-sections.js (the query in the section's title first, a title that
// opens with it before one that only names it, then how often the section's prose says it).
// Without it, Sphinx scores whole pages, and every page that names the query in some heading
// gets the same score.
var Scorer = {
  score: (result) => (window.siteSearchSections ? window.siteSearchSections.score(result) : result[4]),
  // Sphinx's defaults for the rest.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
