"""The words the extension itself puts on a page, translated through Sphinx's message catalogs.

Each label has a stable key and an English message; the translations live in the ``execdocs``
catalogue shipped with the package, ``execdocs/locale/<language>/LC_MESSAGES/execdocs.po``,
compiled to ``.mo`` when a build starts. A new language is one more catalogue there.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CATALOG = "execdocs"
LOCALE_DIR = Path(__file__).with_name("locale")

#: key -> English message; ``{name}`` fields are filled in by :func:`label`.
MESSAGES: dict[str, str] = {
    "output": "Output",
    "raises": "Output (raises {exception})",
    "ran_with": "Run with {provenance} and Python {python}",
    "download_script": "whole script",
    "download_notebook": "notebook",
    "download_title": "Download: {links}",
    "show_code": "The script that printed this",
    "truncated": "Output cut: the script printed {printed} bytes; the first {shown} bytes are shown.",
    "failed": "This example failed to run; the build log says why.",
    "not_run": "Output is not shown in this build.",
    "gap_one": "line {first} is not shown",
    "gap_many": "lines {first}–{last} are not shown",
    "compat_same_short": "same on {versions}",
    "compat_differs_short": "differs on {versions}",
    "compat_fails_short": "fails on {versions}",
    "compat_not_applicable_short": "does not apply to {versions}",
    "compat_diff_explained": (
        "On {version} the script prints something else. Lines marked - are what {pinned} printed, as "
        "shown above; lines marked + are what {version} prints instead."
    ),
    "compat_fails": "On {version} the script fails: {detail}",
    "compat_unchecked": "This version of the script has not been checked on other {library} releases yet.",
    "list_separator": ", ",
    "image": "Picture drawn by the script",
}

_ = get_translation(CATALOG)


def provenance_name(config: Config) -> str:
    """How the pages name the library whose version they give (``execdocs_provenance_label``, else
    the first distribution of ``execdocs_provenance``)."""
    names = list(config.execdocs_provenance or [])
    return str(config.execdocs_provenance_label or (names[0] if names else ""))


def provenance_text(name: str, version: str | None) -> str:
    """``TensorFlow 2.21.0``: the library and the version that ran an example ("-" when unknown)."""
    return f"{name} {version or '-'}".strip()


def label(language: str, key: str, **values: object) -> str:
    """The text for ``key`` in the language of the running build, with ``values`` filled in.

    ``language`` names the language the caller expects (``en``, ``zh``); the catalogue that
    answers is the one Sphinx loaded for the build's ``language`` setting.
    """
    return str(_(MESSAGES[key])).format(**values)


def register(app: Sphinx) -> None:
    """The setting that names the library in the pages' words, and the compiled catalogues."""
    app.add_config_value("execdocs_provenance_label", "", "html", types=frozenset({str}))
    add_catalogue(app, CATALOG, LOCALE_DIR)


#: The folders of the catalogues registered with :func:`add_catalogue`, by application.
_FOLDERS: weakref.WeakKeyDictionary[Sphinx, list[Path]] = weakref.WeakKeyDictionary()


def add_catalogue(app: Sphinx, domain: str, folder: Path) -> None:
    """Compile the ``.po`` catalogues of ``domain`` under ``folder`` that changed, and register them
    with Sphinx; a change to one of them writes every page again (:mod:`execdocs.freshness`)."""
    repository = CatalogRepository(str(folder.parent), [folder.name], app.config.language, "utf-8")
    for catalog in repository.catalogs:
        if catalog.domain == domain and catalog.is_outdated():
            catalog.write_mo(app.config.language)
    app.add_message_catalog(domain, str(folder))
    _FOLDERS.setdefault(app, []).append(folder)


def catalogue_folders(app: Sphinx) -> list[Path]:
    """The folders of the words catalogues that :func:`add_catalogue` registered for ``app``."""
    return list(_FOLDERS.get(app, []))
