// Ranking of the site's search (conf.py: html_search_scorer): Sphinx's own weights, plus one rule,
// that pages about the query come first. A title is about the query when it is the query, or
// begins with it after a module path such as "tf." or "tf.compat.v1.": the section
// "tf.get_variable ignores tf.name_scope" is about get_variable, while "Cases 2 and 3 contain no
// tf.get_variable" only mentions it. A page whose own title is about the query ranks first, then
// pages by how many of their sections are about it. Without the rule, every page that mentions
// the query in some heading gets the same score, and the alphabetically first title wins.
var Scorer = {
  score: (result) => {
    const [docname, title, , , score] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    if (!query || typeof Search === "undefined" || !Search._index) return score;
    const about = (heading) => {
      const text = heading.trim().toLowerCase();
      const subject = text.replace(/^([a-z_]\w*\.)+(?=[a-z_])/, "");
      const leads = (words) => words.startsWith(query) && !/\w/.test(words.charAt(query.length));
      return leads(text) || leads(subject);
    };
    const index = Search._index;
    const file = index.docnames.indexOf(docname);
    const pageTitle = file >= 0 ? index.titles[file] : title || "";
    if (pageTitle.trim().toLowerCase() === query) return score + 100;
    if (about(pageTitle)) return score + 50;
    let sections = 0;
    for (const [heading, places] of Object.entries(index.alltitles)) {
      if (places.some(([where]) => where === file) && about(heading)) sections += 1;
    }
    return score + 10 * Math.min(sections, 4);
  },
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
