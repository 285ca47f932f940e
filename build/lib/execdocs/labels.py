"""The words the extension itself puts on a page, translated through Sphinx's message catalogs.

Each label has a stable key and an English message; the translations live in the ``execdocs``
catalogue shipped with the package, ``execdocs/locale/<language>/LC_MESSAGES/execdocs.po``,
compiled to ``.mo`` when a build starts. A new language is one more catalogue there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util.i18n import CatalogRepository

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "execdocs"
LOCALE_DIR = Path(__file__).with_name("locale")

#: key -> English message; ``{name}`` fields are filled in by :func:`label`.
MESSAGES: dict[str, str] = {
    "output": "Output",
    "raises": "Output (raises {exception})",
    "ran_with": "Run with TensorFlow {tensorflow} and Python {python}",
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
        "On TensorFlow {version} the script prints something else. Lines marked - are what TensorFlow "
        "{pinned} printed, as shown above; lines marked + are what TensorFlow {version} prints instead."
    ),
    "compat_fails": "On TensorFlow {version} the script fails: {detail}",
    "compat_unchecked": "This version of the script has not been checked on other TensorFlow releases yet.",
    "list_separator": ", ",
    "image": "Picture drawn by the script",
    "release_as_printed": "As printed in the article:",
    "release_edited": "The listing with the change described above:",
    "release_changes": "What the script this site runs changes in it:",
    "release_output_on": "Output on {runs}:",
    "release_raises_on": "Output on {runs} (raises {exception}):",
    "release_fails_on": "On {runs} the script fails: {detail}",
    "release_article_match": "This is what the article printed.",
    "release_run": "TensorFlow {tensorflow} (NumPy {numpy}, Python {python})",
    "release_and": " and ",
    "release_tensorflow": "TensorFlow",
    "release_numpy": "NumPy",
    "release_python": "Python",
    "release_prints_article": "prints it",
    "release_prints_other": "prints ",
    "release_raises": "raises {exception}",
    "release_fails": "fails",
    "release_not_applicable": "–",
    "release_example": "Example",
    "release_status_same": "same",
    "release_status_differs": "differs",
    "release_status_fails": "fails",
    "release_status_not_applicable": "n/a",
    "release_versions": "TensorFlow {label}: {packages}",
    "release_differences": "The differences",
    "release_difference": "{example} on TensorFlow {label}",
    "release_separator": ", ",
}

_ = get_translation(CATALOG)


def label(language: str, key: str, **values: object) -> str:
    """The text for ``key`` in the language of the running build, with ``values`` filled in.

    ``language`` names the language the caller expects (``en``, ``zh``); the catalogue that
    answers is the one Sphinx loaded for the build's ``language`` setting.
    """
    return str(_(MESSAGES[key])).format(**values)


def compile_catalogs(app: Sphinx) -> None:
    """Compile the shipped ``.po`` catalogues that changed, and register them with Sphinx."""
    repository = CatalogRepository(str(LOCALE_DIR.parent), [LOCALE_DIR.name], app.config.language, "utf-8")
    for catalog in repository.catalogs:
        if catalog.domain == CATALOG and catalog.is_outdated():
            catalog.write_mo(app.config.language)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
