"""Pages are written again when what every page shows around its own text changes.

Sphinx writes a page again when the page itself was read again. Two things on every page come from
elsewhere: the site navigation (every page's titles, headings and toctrees, with their captions)
and the words of the templates and of this extension (catalogues that are not a page's own). A
change to either would otherwise reach only the pages that happen to be written, and the rest
would show the old navigation or the old words: so a change to either writes every page.

Each digest is kept in the environment's record of the examples (:mod:`execdocs.collector`), which
Sphinx saves only after it read a page; a build that read nothing keeps the earlier digests, and
one without them (a new environment) writes every page once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execdocs.collector import examples_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _words_catalogues(app: Sphinx) -> list[Path]:
    """The catalogues of words around the pages, not of a page: the templates' (``sphinx.po``) and
    this extension's. Sphinx reads a page again when its own catalogue changes, not these."""
    from sphinx.util.i18n import docname_to_domain

    from execdocs.labels import catalogue_folders

    language = app.config.language or "en"
    pages = {docname_to_domain(name, app.config.gettext_compact) for name in app.env.found_docs}
    found = []
    for folder in [Path(app.srcdir, folder) for folder in app.config.locale_dirs] + catalogue_folders(app):
        messages = folder / language / "LC_MESSAGES"
        for po in sorted(messages.rglob("*.po")):
            if po.relative_to(messages).with_suffix("").as_posix() not in pages:
                found.append(po)
    return found


def outdated_by_words(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Every page, when a catalogue of the words around the pages changed since the last build."""
    digest = hashlib.sha256()
    for po in _words_catalogues(app):
        digest.update(po.as_posix().encode() + b"\0" + po.read_bytes() + b"\0")
    record = examples_of(env)
    before, record.words = record.words, digest.hexdigest()
    if before == record.words:
        return []
    return sorted(env.found_docs - added - changed - removed)


def navigation_changed(app: Sphinx, env: Any) -> list[str]:
    """Every page, when the site navigation changed: a title, a heading, a toctree or its caption."""
    digest = hashlib.sha256()
    for name in sorted(env.found_docs):
        title = env.titles.get(name)
        toc = env.tocs.get(name)
        parts = [name, title.astext() if title is not None else "", toc.pformat() if toc is not None else ""]
        parts += env.toctree_includes.get(name, [])
        digest.update("\0".join(parts).encode() + b"\1")
    record = examples_of(env)
    before, record.navigation = record.navigation, digest.hexdigest()
    if before == record.navigation:
        return []
    return sorted(env.found_docs)
