// Sphinx's doctools.js turns a catalogue's plural rule into code with `new Function`, which the
// site's Content-Security-Policy refuses (no eval). The rules of the site's languages are plain
// functions here; this runs after doctools.js and before the catalogue (translations.js).
(function () {
  var rules = {
    "0": function () { return 0; },
    "(n != 1)": function (n) { return n != 1 ? 1 : 0; },
  };
  Documentation.addTranslations = function (catalog) {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    Documentation.PLURAL_EXPR = rules[String(catalog.plural_expr).trim()] || function (n) { return n === 1 ? 0 : 1; };
    Documentation.LOCALE = catalog.locale;
  };
})();
