"""Search by section: which words each section of a page holds, for the site's search to rank and
link sections, not only pages (docs/_static/search-sections.js).

Sphinx's search index (searchindex.js) says which pages hold a word; it knows sections only by
their titles. While the pages are read, this extension keeps the text of each section's own prose
(its subsections, code and comments aside); at the end of the build it cuts that text into words
with the search index's own splitter and stemmer (jieba for Chinese, Snowball for English), so the
words match the index's, and writes, next to searchindex.js, ``searchsections.js``: for each page,
its sections in order, each with its anchor, its title, and how often each word occurs in its
title and in its prose; and the pages in the site's reading order.

Every page also loads Sphinx's search scripts (deferred), so that the search box finds as the
reader types (pydata-sphinx-theme's ``search_as_you_type``); the search index itself and the
sections' words are fetched when a search starts (search-sections.js).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# What a section's words leave out: its subsections (they count for themselves), code, and what
# no reader sees.
_SKIPPED = (nodes.section, nodes.literal_block, nodes.comment, nodes.raw, nodes.system_message, nodes.title)
# Sphinx's search scripts, loaded by every page (the search page loads them itself: search.html).
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js")
DATA_FILE = "searchsections.js"


def _own_text(section: nodes.section) -> str:
    pieces: list[str] = []

    def walk(node: nodes.Node) -> None:
        for child in node.children:
            if isinstance(child, _SKIPPED):
                continue
            if isinstance(child, nodes.Text):
                pieces.append(child.astext())
            else:
                walk(child)

    walk(section)
    return " ".join(pieces)


def sections_of(doctree: nodes.document) -> list[tuple[str, str, str]]:
    """Each section of a page, in order: (anchor, title, own prose). The page's top section has
    the anchor "" (a link to it is a link to the page)."""
    found = []
    for section in doctree.findall(nodes.section):
        title = next((child for child in section.children if isinstance(child, nodes.title)), None)
        if title is None or not section["ids"]:
            continue
        top = not isinstance(section.parent, nodes.section)
        found.append(("" if top else section["ids"][0], title.astext(), _own_text(section)))
    return found


def _read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "search_sections"):
        env.search_sections = {}  # type: ignore[attr-defined]
    env.search_sections[env.docname] = sections_of(doctree)  # type: ignore[attr-defined]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "search_sections", {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    if not hasattr(env, "search_sections"):
        env.search_sections = {}  # type: ignore[attr-defined]
    for docname in docnames:
        if docname in getattr(other, "search_sections", {}):
            env.search_sections[docname] = other.search_sections[docname]  # type: ignore[attr-defined]


def words(text: str, language: Any) -> Counter[str]:
    """The words of a text as the search index holds them: split, stemmed, lower-cased, filtered
    (sphinx.search.IndexBuilder.feed does the same to every page)."""
    counted: Counter[str] = Counter()
    for word in language.split(text):
        stemmed = language.stem(word).lower()
        if language.word_filter(stemmed):
            counted[stemmed] += 1
        elif language.word_filter(word.lower()):
            counted[word.lower()] += 1
    return counted


def section_data(sections: dict[str, list[tuple[str, str, str]]], language: Any) -> dict[str, list[list[Any]]]:
    """For each page, its sections: [anchor, title, {word: times in the title}, {word: times in the prose}]."""
    data: dict[str, list[list[Any]]] = {}
    for docname in sorted(sections):
        data[docname] = [
            [anchor, title, dict(sorted(words(title, language).items())), dict(sorted(words(text, language).items()))]
            for anchor, title, text in sections[docname]
        ]
    return data


def reading_order(env: BuildEnvironment, root: str) -> list[str]:
    """The pages in the order a reader meets them: the root, then its toctrees, depth first."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(root)
    return order


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:  # search turned off
        return
    sections = {
        docname: found
        for docname, found in getattr(app.env, "search_sections", {}).items()
        if docname in app.env.found_docs
    }
    order = reading_order(app.env, app.config.root_doc)
    content = {"pages": section_data(sections, indexer.lang), "order": order}
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    Path(app.outdir, DATA_FILE).write_text(f"siteSearchSections.set({data});\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _read)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # Before the Content-Security-Policy's pass (950), which reads only the pages.
    app.connect("build-finished", _write, priority=900)
    # After the site's own scripts (html_js_files: 800), among them the Chinese splitter and stemmer
    # that Sphinx 9.0's searchtools.js and language_data.js expect to find already defined.
    for number, script in enumerate(SEARCH_SCRIPTS):
        app.add_js_file(script, priority=810 + number, defer="defer")
    app.add_js_file("search-sections.js", priority=820, defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
