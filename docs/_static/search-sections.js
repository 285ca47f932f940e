// The site's search, on top of Sphinx's searchtools.js (any page: the theme's search-as-you-type
// box, and the results page):
// - the search index and the words of each section (searchsections.js, docs/_ext/search_sections.py)
//   load when a search starts, not with every page;
// - a page that holds the query is shown as its sections that hold it, each linked to its anchor,
//   ranked by where the query stands: in the section's title, then how often in its prose;
// - when nothing is found, the same query is offered on the site in the other languages
//   (the links of site-search-field.html).
// Only Search's public members are wrapped (query, performTermsSearch, performSearch), the same
// from Sphinx 9.0 to 9.2; the ranking reaches Sphinx through the Scorer (docs/search-scorer.js).
(() => {
  // {pages: {page: [[anchor, title, {word: n} of the title, {word: n} of the prose], ...]},
  //  order: [page, ...]}, from searchsections.js
  let sections = null;
  let arrived;
  const ready = new Promise((resolve) => (arrived = resolve));
  const scores = new Map(); // "page#anchor" -> score, of the search under way
  let loading = false;
  let currentQuery = "";

  const contentRoot = () => document.documentElement.dataset.content_root || "";
  const addScript = (source, onerror) => {
    const script = document.createElement("script");
    script.src = source;
    if (onerror) script.addEventListener("error", onerror);
    document.body.appendChild(script);
  };
  // The sections' words first, then the index, whose arrival starts a waiting search.
  const load = () => {
    if (loading) return;
    loading = true;
    addScript(contentRoot() + "searchsections.js", () => window.siteSearchSections.set({ pages: {}, order: [] }));
    const indexTag = document.querySelector('script[src$="searchindex.js"]');
    if (!Search.hasIndex() && !indexTag) Search.loadIndex(contentRoot() + "searchindex.js");
  };

  // How often a word of the query occurs in a {word: n} table: the word itself, or, as Sphinx
  // does for a word of three letters or more that the table lacks, the words that contain it.
  const count = (table, word) => {
    if (Object.hasOwn(table, word)) return table[word];
    if (word.length <= 2) return 0;
    let found = 0;
    for (const [other, n] of Object.entries(table)) if (other.includes(word)) found += n;
    return found;
  };

  // A title is about a word when the word opens it, after a module path such as "tf." (the section
  // "tf.get_variable ignores tf.name_scope" is about get_variable); when a Chinese word closes it
  // (深入理解复用 is about 复用); or when the title has three words
  // or fewer, short Latin ones such as "tf" aside ("The three reuse modes").
  const about = (title, titleWords, word, stem) => {
    const text = title.trim().toLowerCase();
    const subject = text.replace(/^([a-z_]\w*\.)+(?=[a-z_])/, "");
    const opens = (words) => words.startsWith(word) && !/\w/.test(words.charAt(word.length));
    if (opens(text) || opens(subject)) return true;
    if (/\p{Script=Han}/u.test(word) && text.replace(/[\p{P}\s]+$/u, "").endsWith(word)) return true;
    const significant = Object.keys(titleWords).filter((other) => !/^[a-z0-9]{1,2}$/.test(other));
    return significant.length <= 3 && count(titleWords, stem) > 0;
  };

  // A section's score for the query's words, [word, stem] pairs; 0 when one of them is missing
  // (Sphinx too requires every word, or every word of three letters or more). Per word: 30 when the
  // title is about it, 6 when the title only names it; 10 × log2(1 + its count in the prose); 25
  // when the page's own title is about it. Of equal sections, the one earlier in the site's reading
  // order (the toctree) comes first.
  const sectionScore = (section, page, position, words) => {
    const [, title, titleWords, proseWords] = section;
    let score = 0;
    const found = words.filter(([word, stem]) => {
      const inTitle = count(titleWords, stem);
      const inProse = count(proseWords, stem);
      if (!inTitle && !inProse) return false;
      if (inTitle) score += about(title, titleWords, word, stem) ? 30 : 6;
      score += 10 * Math.log2(1 + inProse);
      if (count(page[2], stem) && about(page[1], page[2], word, stem)) score += 25;
      return true;
    });
    const long = words.filter(([, stem]) => stem.length > 2);
    const complete =
      found.length === words.length || (long.length > 0 && long.every((pair) => found.includes(pair)));
    return complete && score > 0 ? Math.max(score - 0.5 * position, 1) : 0;
  };

  // The query's words as Sphinx reads them (its splitter, stop words and stemmer, language_data.js).
  const wordsOf = (query) => {
    const stemmer = new Stemmer();
    return splitQuery(query.trim())
      .map((word) => word.toLowerCase())
      .filter((word) => !stopwords.has(word) && !/^\d+$/.test(word))
      .map((word) => [word, stemmer.stemWord(word)]);
  };

  const pageTitleOf = (result) => result[1];
  const bySection = (result, words) => {
    const [docname, , , , , filename, kind] = result;
    const found = sections && sections.pages[docname];
    if (!found || !found.length || !words.length) return [result];
    const page = found[0];
    const position = sections.order.includes(docname) ? sections.order.indexOf(docname) : sections.order.length;
    const hits = found
      .map((section) => [section, sectionScore(section, page, position, words)])
      .filter(([, value]) => value > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    if (!hits.length) return [result];
    return hits.map(([[anchor, title], value]) => {
      const named = anchor ? `${pageTitleOf(result)} > ${title}` : pageTitleOf(result);
      scores.set(`${docname}#${anchor}`, value);
      return [docname, named, anchor ? `#${anchor}` : "", null, value, filename, kind];
    });
  };

  const offerOtherLanguages = (query) => {
    const out = document.getElementById("search-results");
    const offer = document.querySelector(".site-search-elsewhere");
    if (!out || !offer || out.querySelector(".site-search-elsewhere")) return;
    const shown = offer.cloneNode(true);
    shown.hidden = false;
    shown.querySelectorAll("a[href]").forEach((link) => {
      const address = new URL(link.getAttribute("href"), document.baseURI);
      address.searchParams.set("q", query);
      link.href = address.href;
    });
    out.appendChild(shown);
  };

  const patch = () => {
    const performTermsSearch = Search.performTermsSearch;
    Search.performTermsSearch = (searchTerms, excludedTerms) => {
      scores.clear();
      const words = wordsOf(currentQuery);
      return performTermsSearch(searchTerms, excludedTerms).flatMap((result) => bySection(result, words));
    };
    const performSearch = Search.performSearch;
    Search.performSearch = (query) => {
      load();
      performSearch(query);
    };
    // A search waits for the sections' words; of searches asked meanwhile, only the last runs.
    const query = Search.query;
    let latest = 0;
    Search.query = (text) => {
      const turn = ++latest;
      load();
      ready.then(() => {
        if (turn !== latest) return;
        const before = Search.output;
        currentQuery = text;
        query(text);
        if (before && !before.querySelector("li")) offerOtherLanguages(text);
      });
    };
  };

  window.siteSearchSections = {
    set: (data) => {
      if (sections === null) sections = data;
      arrived();
    },
    // The Scorer's score of a result: a section's rank, for Sphinx's own hits on a title as well.
    score: (result) => {
      const [docname, , anchor, , score] = result;
      const key = `${docname}${anchor || "#"}`;
      return scores.has(key) ? Math.max(score, scores.get(key)) : score;
    },
  };

  // The theme searches as the reader types on "keyup"; text that arrives without a key of its own
  // (an input method's word, a paste from the menu, a suggestion) is passed on as one.
  document.addEventListener("input", (event) => {
    if (event.isComposing || !event.target.matches || !event.target.matches("#pst-search-dialog input[name=q]")) return;
    event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
  // The index starts loading as soon as the reader opens a search box.
  document.addEventListener("focusin", (event) => {
    if (typeof Search !== "undefined" && event.target.matches && event.target.matches('input[name="q"]')) load();
  });
  // Patched before Search.init runs a search from the address (on DOMContentLoaded): at once if
  // searchtools.js ran already (the results page loads it first), else when the page is parsed.
  if (typeof Search !== "undefined") patch();
  else document.addEventListener("DOMContentLoaded", () => typeof Search !== "undefined" && patch());
})();
