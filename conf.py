"""Sphinx configuration for both languages of the site (English sources, Chinese translation)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent
# This site's own extensions: the pages about other releases (release_pages, with the report of
# compat_report) and the trimmed stylesheets (slim), the
# Content-Security-Policy of every page (csp), the words of each section for the search
# (search_sections), and the theme's script leaving code blocks' tab stops to draw-sections.js (tab_stops).
sys.path.insert(0, str(ROOT / "docs/_ext"))

# -- Project ------------------------------------------------------------------------------------
# The site's words that conf.py itself gives the pages, in English. Each language's own are entries
# of its catalogue (locales/<code>/LC_MESSAGES/sphinx.po), next to the templates' words: the gettext
# builder extracts them there too (_extract_site_words below).
TITLE = "TensorFlow variable sharing, explained by running it"
AUTHOR = "the authors of this site"
COPYRIGHT = "2026, the authors of this site"
SITE_WORDS = (TITLE, AUTHOR, COPYRIGHT)

project = TITLE
html_title = TITLE
author = AUTHOR
copyright = COPYRIGHT
language = "en"

# The site's languages: Sphinx code -> (folder under _build/html/, hreflang, name in itself).
LANGUAGES = {
    "en": ("en", "en", "English"),
    "zh_CN": ("zh-cn", "zh-CN", "中文"),
}

# -- Sources ------------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "execdocs",
    "release_pages",
    "slim",
    "csp",
    "search_sections",
    "tab_stops",
]
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence"]
# Give every heading an anchor, so the same page and anchor exist in both languages.
myst_heading_anchors = 3

# -- Examples (execdocs) --------------------------------------------------------------------------
execdocs_root = str(ROOT)
execdocs_cache_dir = "_build/execdocs-cache"
execdocs_timeout = 180
# TensorFlow: imported once in the parent every run is forked from; its C++ logging quiet and
# oneDNN off (it changes float results); its version named under each output.
execdocs_preload = ["tensorflow"]
execdocs_env = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
execdocs_provenance = ["tensorflow-cpu", "tensorflow"]
execdocs_provenance_label = "TensorFlow"  # how the pages name it
# TensorFlow's log lines, should one reach the output: its C++ logging (absl, and the older
# glog-like format) and its Python logger. They carry timestamps, process ids and source paths.
execdocs_drop_lines = [
    r"[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.\-]+:\d+\] .*",
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] [\w./\-]+:\d+\] .*",
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR",
    r"(?:INFO|WARNING|ERROR):(?:tensorflow|absl):.*",
]
# Where each example's output holds on other TensorFlow releases: written by `nox -s compat`.
execdocs_compat_report = "docs/compat.json"

# -- Translation --------------------------------------------------------------------------------
locale_dirs = [str(ROOT / "locales")]
gettext_compact = False  # one catalogue per page, so a page's translation is reviewed with it
gettext_location = False  # no source line numbers in catalogues: they churn on every edit
gettext_uuid = False

# -- Search -------------------------------------------------------------------------------------
# The Chinese index is cut into words by jieba; this dictionary adds the article's own terms.
html_search_options = {"dict": str(ROOT / "locales/zh_CN/jieba-dict.txt")}
# A title about the query ranks first (see the file); snippets quote the article, not the buttons.
html_search_scorer = str(ROOT / "docs/search-scorer.js")

# -- Link previews (Open Graph) and the meta description of each page -----------------------------
# The site's public address, when known (`SITE_URL`, or Read the Docs' own): it makes og:url absolute.
SITE_URL = os.environ.get("SITE_URL", "")
# The repository's web address, when known (`REPOSITORY_URL`): the footer then links each page's
# source in the reader's language (edit it) and a new issue about the page (report a problem).
REPOSITORY_URL = os.environ.get("REPOSITORY_URL", "").rstrip("/")
REPOSITORY_BRANCH = os.environ.get("REPOSITORY_BRANCH", "main")
ogp_description_length = 160

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_static_path = ["docs/_static"]
# Absolute, so that the gettext builder (which resolves it against docs/) also finds the templates
# and extracts their words into sphinx.pot, translated in locales/zh_CN/LC_MESSAGES/sphinx.po.
templates_path = [str(ROOT / "docs/_templates")]
# docs/_static/site.css is not linked but written into each page's head (layout.html): one
# stylesheet fewer to wait for before the first paint.
html_js_files = ["language-switch.js", ("search-snippets.js", {"defer": "defer"})]
# The theme's stylesheets are trimmed to the rules the pages use (docs/_ext/slim.py). The results
# are kept by checksum in one folder, for every build of this site, in any output folder.
slim_cache_dir = "_build/slim-cache"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Follow the reader's system setting; without a default the theme logs "invalid theme mode"
# on a first visit, when nothing is stored yet.
# The repository's address is part of the context, a setting: a build with another address writes
# every page again.
html_context = {"default_mode": "auto", "repository_url": REPOSITORY_URL, "repository_branch": REPOSITORY_BRANCH}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    # One row of controls above the article (the theme's own top bar is left out: layout.html).
    "article_header_start": ["site-menu-button.html"],
    "article_header_end": [
        "site-search-button.html",
        "language-switch.html",
        "theme-switcher.html",
        "site-contents-button.html",
    ],
    "secondary_sidebar_items": ["sidebar-close.html", "site-page-toc.html"],
    "footer_content_items": ["site-footer.html"],
    # Its arrow is the theme's icon font (115 kB); the contents button and the Home key do its job.
    "back_to_top_button": False,
    # The search box shows results as the reader types (docs/_ext/search_sections.py loads the
    # search scripts on every page for it).
    "search_as_you_type": True,
}
# The site navigation; the search button is in the header, so not here again.
html_sidebars = {"**": ["sidebar-close.html", "navbar-logo.html", "sbt-sidebar-nav.html"]}

# The copy button copies code (never an example's output, nor a diff of outputs between releases)
# and drops shell prompts.
copybutton_selector = "div:not(.execdocs-output-text):not(.execdocs-compat-diff) > div.highlight pre"
copybutton_prompt_text = "$ "
copybutton_only_copy_prompt_lines = False

# -- What the theme, the copy button and the HTML builder set when the builder starts -------------
# They change these settings after conf.py is read: Sphinx keeps the settings as the build left
# them, compares them with the next build's as conf.py makes them, and would say at every build that
# the configuration changed. (All are HTML settings: no page would be read or written again.) So
# each has, when Sphinx compares, the value it will have when Sphinx saves it: those set unless
# given are given here; the copy button's folder of static files, which the build reads when it
# ends, is added here too, and its second copy dropped once the builder started; the theme's
# folders of templates, which its template loader has taken by then, are dropped again.
html_permalinks_icon = "#"  # pydata-sphinx-theme's
html_sourcelink_suffix = ""  # sphinx-book-theme's
html_theme_options |= {"icon_links": [], "logo": {}, "navbar_persistent": ["search-button-field"]}  # the same


def _copy_button_folder() -> str:
    import sphinx_copybutton

    return str((Path(sphinx_copybutton.__file__).parent / "_static").absolute())


def _theme_folders() -> list[str]:
    """The folders of templates the theme adds to templates_path as it starts."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    return [
        str(Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/components"),
        str(Path(sphinx_book_theme.__file__).parent / "theme/sphinx_book_theme/components"),
    ]


def _as_the_builder_will_leave_them(app, config) -> None:
    """At config-inited, after Sphinx's own handlers: each script with the priority the HTML builder
    gives it, and the copy button's folder."""
    config.html_js_files = [(name, {"priority": 800, **attributes}) for name, attributes in config.html_js_files]
    config.html_static_path = [*config.html_static_path, _copy_button_folder()]


def _as_conf_py_made_them(app) -> None:
    """Once every builder-inited handler ran: the copy button's folder once, and the theme's folders
    of templates no longer (the template loader has them)."""
    app.config.html_static_path = list(dict.fromkeys(app.config.html_static_path))
    app.config.templates_path = [folder for folder in app.config.templates_path if folder not in _theme_folders()]


def _set_language_titles(app, config) -> None:
    """The title, author and copyright in the page's language. Sphinx has loaded the language's
    catalogues before this event (and compiled sphinx.po), so they translate here."""
    from sphinx.locale import get_translation

    translate = get_translation("sphinx")
    config.html_title = config.project = str(translate(TITLE))
    config.author = str(translate(AUTHOR))
    config.copyright = str(translate(COPYRIGHT))
    if config.language == "zh_CN":
        config.html_js_files = [*config.html_js_files, "search-zh.js"]
    folder, hreflang, _ = LANGUAGES.get(config.language, LANGUAGES["en"])
    if SITE_URL:
        config.ogp_site_url = f"{SITE_URL.rstrip('/')}/{folder}/"
        # Each page names its own address (<link rel="canonical">, written by Sphinx).
        config.html_baseurl = f"{SITE_URL.rstrip('/')}/{folder}/"
    config.ogp_custom_meta_tags = [f'<meta property="og:locale" content="{hreflang.replace("-", "_")}" />']


_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def _theme_version() -> str:
    from importlib.metadata import version

    return version("pydata-sphinx-theme")


_SITE_CSS = ROOT / "docs/_static/site.css"


def _site_css() -> str:
    return _SITE_CSS.read_text(encoding="utf-8").replace("</", "<\\/")


def _language_links(app, pagename, templatename, context, doctree) -> None:
    """Links to this page in every language: relative for the switch; absolute for
    <link rel="alternate" hreflang>, which search engines read only as full addresses, so those are
    written only when the site's address is known (SITE_URL)."""
    up = "../" * (pagename.count("/") + 1)
    base = SITE_URL.rstrip("/")
    links = []
    for code, (folder, hreflang, name) in LANGUAGES.items():
        href = f"{up}{folder}/{pagename}.html"
        search = f"{up}{folder}/search.html"
        absolute = f"{base}/{folder}/{pagename}.html"
        links.append(
            {"code": code, "folder": folder, "hreflang": hreflang, "label": name, "href": href, "search": search}
        )
        links[-1]["absolute"] = absolute
    current = app.config.language
    context["site_css"] = _site_css()
    context["theme_stylesheet_version"] = _theme_version()
    # The root page picks the reader's language: the address for a reader whose language is none of these.
    context["language_alternates"] = links if base else []
    context["language_default"] = f"{base}/index.html" if base and pagename == app.config.root_doc else ""
    context["copyright_year"] = _copyright_year()
    context["language_links"] = [link for link in links if link["code"] != current]
    context["repository_links"] = _repository_links(app, pagename, context)
    # The docutils writer adds a second viewport tag to the one of the page template.
    context["metatags"] = context.get("metatags", "").replace(_DOCUTILS_VIEWPORT, "")


def _copyright_year() -> str:
    """The year of the build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime("%Y", time.gmtime(int(epoch) if epoch and epoch.isdigit() else None))


def _repository_links(app, pagename: str, context: dict) -> dict[str, str]:
    """Where the reader edits this page (its English source, or its catalogue in the translated
    language) and opens an issue about it. None without REPOSITORY_URL, for generated pages, and for
    a page whose source is not in this repository."""
    source = Path(app.srcdir, f"{pagename}.md")
    repository, branch = context.get("repository_url"), context.get("repository_branch")
    if not repository or not source.is_file() or not source.is_relative_to(ROOT):
        return {}
    from urllib.parse import urlencode

    if app.config.language == "en":
        path = source.relative_to(ROOT).as_posix()
    else:
        path = f"locales/{app.config.language}/LC_MESSAGES/{pagename}.po"
    folder = LANGUAGES[app.config.language][0]
    address = f"{SITE_URL.rstrip('/')}/{folder}/{pagename}.html" if SITE_URL else f"{folder}/{pagename}.html"
    query = urlencode({"title": f"{folder}/{pagename}: ", "body": f"{context.get('title') or ''}\n{address}\n\n"})
    return {
        "edit": f"{repository}/edit/{branch}/{path}",
        "issue": f"{repository}/issues/new?{query}",
        "source": repository,
    }


def _translator(code: str):
    """A language's words for the root pages, from its catalogue (locales/<code>/LC_MESSAGES/sphinx.po)."""
    catalogue = ROOT / "locales" / code / "LC_MESSAGES" / "sphinx.po"
    if not catalogue.is_file():
        return lambda message: message
    from babel.messages.pofile import read_po

    with catalogue.open("rb") as stream:
        words = {m.id: m.string for m in read_po(stream) if m.id and m.string and not m.fuzzy}
    return lambda message: words.get(message, message)


# Scripts that must run before the page is drawn: the options the inline script after them reads.
_SCRIPTS_IN_ORDER = ("_static/documentation_options.js",)
# Sphinx's search scripts: every page loads them deferred (search_sections), the search page
# itself before the others (its template, search.html).
_SEARCH_TOOLS = ("_static/searchtools.js", "_static/language_data.js")


def _defer_scripts(app, pagename, templatename, context, doctree) -> None:
    """Load the pages' scripts without holding up the first paint (deferred, still in their order).

    The search page keeps them all as they are, but for Sphinx's search scripts, which its
    template loads once, before the others: its search starts as soon as the page is parsed.
    The list is changed in place: the theme adds its inline scripts to it after this handler
    (among them the setting of search_as_you_type), and Sphinx restores it after each page."""
    files = context.get("script_files", [])
    if pagename == "search":
        files[:] = [s for s in files if not str(getattr(s, "filename", "")).startswith(_SEARCH_TOOLS)]
        return
    scripts = []
    for script in files:
        name = str(getattr(script, "filename", "") or "")
        if name and not name.startswith(_SCRIPTS_IN_ORDER) and "defer" not in script.attributes:
            # The same kind of script entry, made from its public fields.
            script = type(script)(script.filename, priority=script.priority, **script.attributes, defer="defer")
        scripts.append(script)
    files[:] = scripts


_TABLE_START, _TABLE_END = "<table", "</table>"


def _whole_landing_table(app, pagename, templatename, context, doctree) -> None:
    """The home page shows its table once it is whole. A table's columns are sized from all its
    rows, so a first paint between two rows (the parser stops to paint on a slow device) is drawn
    again with other widths, and the rows drawn so far grow and move: a layout shift. Marks before
    and after the table let site.css keep it hidden (its place kept) until its end is parsed."""
    body = context.get("body", "")
    if pagename != app.config.root_doc or _TABLE_START not in body:
        return
    start = body.index(_TABLE_START)
    end = body.index(_TABLE_END, start) + len(_TABLE_END)
    marked = f'<span id="landing-table-start"></span>{body[start:end]}<span id="landing-table-end"></span>'
    context["body"] = body[:start] + marked + body[end:]


def _small_stylesheets() -> dict[str, Path]:
    """Stylesheets of a few hundred bytes that extensions link: written into the page instead, each
    would cost the first paint a round trip of its own (layout.html)."""
    import sphinx_copybutton

    return {
        "_static/copybutton.css": Path(sphinx_copybutton.__file__).parent / "_static/copybutton.css",
        "_static/execdocs.css": ROOT / "execdocs/static/execdocs.css",
    }


def _inline_small_stylesheets(app, pagename, templatename, context, doctree) -> None:
    sources = _small_stylesheets()
    kept, inlined = [], []
    for sheet in context.get("css_files", []):
        source = sources.get(str(getattr(sheet, "filename", "")))
        if source is not None and source.is_file():
            inlined.append(source.read_text(encoding="utf-8").replace("</", "<\\/"))
        else:
            kept.append(sheet)
    context["css_files"] = kept
    context["site_css"] = "\n".join([*inlined, context.get("site_css", "")])


def _site_root() -> str:
    """The path of the site's address (SITE_URL), ending in "/": "/" without one."""
    from urllib.parse import urlsplit

    path = urlsplit(SITE_URL).path if SITE_URL else "/"
    return path.rstrip("/") + "/"


def _write_root_pages(app, exception) -> None:
    """The pages above the language folders: index.html, which picks the reader's language, and
    404.html, for a static host to show at an address that does not exist."""
    if exception is not None or app.builder.format != "html":
        return
    import json

    import jinja2

    languages = []
    for code, (folder, hreflang, name) in LANGUAGES.items():
        words = _translator(code)
        languages.append({"folder": folder, "hreflang": hreflang, "name": name, "title": words(TITLE)})
        languages[-1]["gettext"] = words
    site = json.dumps([{"folder": x["folder"], "hreflang": x["hreflang"]} for x in languages])
    folders = json.dumps([x["folder"] for x in languages])
    loader = jinja2.FileSystemLoader(str(ROOT / "docs/_templates"))
    env = jinja2.Environment(loader=loader, autoescape=True, keep_trailing_newline=True)
    for name, template in (("index.html", "root-index.html"), ("404.html", "root-404.html")):
        page = env.get_template(template).render(
            languages=languages,
            site_json=jinja2.utils.markupsafe.Markup(site),
            folders_json=jinja2.utils.markupsafe.Markup(folders),
            site_root=_site_root(),
        )
        (Path(app.outdir).parent / name).write_text(page, encoding="utf-8")


def _write_sitemap(app, exception) -> None:
    """sitemap.xml at the site's root: every page in every language, each naming its translations
    (hreflang). Written only when the site's address is known (SITE_URL): a sitemap's addresses are
    absolute."""
    if exception is not None or app.builder.format != "html" or not SITE_URL:
        return
    from xml.etree import ElementTree

    pages = sorted(app.env.found_docs)
    sitemaps, xhtml = "http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.w3.org/1999/xhtml"
    ElementTree.register_namespace("", sitemaps)
    ElementTree.register_namespace("xhtml", xhtml)
    root = ElementTree.Element(f"{{{sitemaps}}}urlset")
    base = SITE_URL.rstrip("/")
    for page in pages:
        for folder, _, _ in LANGUAGES.values():
            url = ElementTree.SubElement(root, f"{{{sitemaps}}}url")
            ElementTree.SubElement(url, f"{{{sitemaps}}}loc").text = f"{base}/{folder}/{page}.html"
            for other, hreflang, _ in LANGUAGES.values():
                attributes = {"rel": "alternate", "hreflang": hreflang, "href": f"{base}/{other}/{page}.html"}
                ElementTree.SubElement(url, f"{{{xhtml}}}link", attributes)
    ElementTree.indent(root)
    tree = ElementTree.ElementTree(root)
    tree.write(Path(app.outdir).parent / "sitemap.xml", encoding="utf-8", xml_declaration=True)
    (Path(app.outdir).parent / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")


def _extract_site_words(app) -> None:
    """`nox -s translations`: the words of SITE_WORDS go into sphinx.pot with the templates' own."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import MsgOrigin

    for message in SITE_WORDS:
        app.builder.catalogs["sphinx"].add(message, MsgOrigin("conf.py", 0))


def _digest_inline_stylesheets(app, config) -> None:
    """What the stylesheets written into each page hold, as part of the context, a setting: an edit
    to one of them then writes every page again. Sphinx writes a page again when its source, a
    template or a setting changed, and knows nothing of a file that a handler reads."""
    import hashlib

    digest = hashlib.sha256()
    for source in [_SITE_CSS, *_small_stylesheets().values()]:
        digest.update(source.read_bytes() if source.is_file() else b"")
        digest.update(b"\0")
    config.html_context = {**config.html_context, "inline_stylesheets": digest.hexdigest()}


def setup(app):
    app.connect("config-inited", _set_language_titles)
    app.connect("config-inited", _digest_inline_stylesheets)
    app.connect("config-inited", _as_the_builder_will_leave_them, priority=900)
    app.connect("builder-inited", _as_conf_py_made_them, priority=900)
    app.connect("builder-inited", _extract_site_words)
    app.connect("html-page-context", _language_links)
    app.connect("html-page-context", _defer_scripts)
    app.connect("html-page-context", _whole_landing_table)
    app.connect("html-page-context", _inline_small_stylesheets, priority=900)
    app.connect("build-finished", _write_root_pages)
    app.connect("build-finished", _write_sitemap)
