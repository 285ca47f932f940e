// Chinese search, in the browser: how the search page cuts a query. Loaded on the Chinese site only,
// before Sphinx's searchtools.js, which uses this splitQuery instead of its own.

// Sphinx splits a query only at spaces and punctuation, so 共享变量的作用域 would be one term
// that no page contains. The index was built from words that jieba cut, so a run of Chinese
// characters is cut here the same way: the longest indexed word first, from left to right.
// Single characters that are not indexed words (的, 和, ...) are dropped, as at index time.
var splitQuery = function splitQuery(query) {
  const pieces = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((t) => t);
  const index = typeof Search !== "undefined" && Search._index ? Search._index : null;
  const known = (word) =>
    index !== null && (word in index.terms || word in index.titleterms);
  const words = [];
  for (const piece of pieces) {
    for (const run of piece.split(/(\p{Script=Han}+)/u).filter((t) => t)) {
      if (!/^\p{Script=Han}+$/u.test(run) || index === null) {
        words.push(run);
        continue;
      }
      let start = 0;
      while (start < run.length) {
        let end = run.length;
        while (end > start + 1 && !known(run.slice(start, end))) end -= 1;
        const word = run.slice(start, end);
        if (word.length > 1 || known(word)) words.push(word);
        start = end;
      }
    }
  }
  return words;
};
