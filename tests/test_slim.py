"""The theme's stylesheets trimmed to what the pages use (docs/_ext/slim.py), through a writer's
edit-rebuild loop on the tiny project tests/roots/test-slim/."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pydata_sphinx_theme
import pytest
from sphinx.errors import ExtensionError

from tests.util import build, copy_root

THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
ORIGINAL = (
    Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"
).read_text(encoding="utf-8")
ALERT = '\n.. raw:: html\n\n   <div class="alert alert-warning">Careful.</div>\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_root("slim", tmp_path / "slim")


def shipped(project: Path) -> tuple[str, str]:
    """The theme stylesheet as shipped, and the ``?v=`` the page links it with."""
    out = project / "_build/html"
    page = (out / "index.html").read_text(encoding="utf-8")
    version = re.search(rf'href="{re.escape(THEME_CSS)}\?(?:v|digest)=([^"]*)"', page)
    assert version, "the page does not link the theme stylesheet"
    return (out / THEME_CSS).read_text(encoding="utf-8"), version.group(1)


def test_a_class_a_page_starts_using_brings_its_rule_back_and_a_new_link(project: Path) -> None:
    build(project, stop_on_warning=True)
    css, version = shipped(project)
    assert ".alert-warning{" in ORIGINAL and ".alert-warning{" not in css
    assert ".bd-article-container" in css  # the theme's own layout stays
    assert len(css) < len(ORIGINAL) / 3
    assert version == f"{zlib.crc32(css.encode('utf-8')):08x}"

    with (project / "index.rst").open("a", encoding="utf-8") as page:
        page.write(ALERT)
    build(project, stop_on_warning=True)
    with_alert, new_version = shipped(project)
    assert ".alert-warning{" in with_alert
    assert new_version != version and new_version == f"{zlib.crc32(with_alert.encode('utf-8')):08x}"

    # Taken out again: trimmed from the theme's original each time, so the rule goes again.
    (project / "index.rst").write_text((project / "index.rst").read_text(encoding="utf-8").replace(ALERT, ""))
    build(project, stop_on_warning=True)
    assert shipped(project) == (css, version)


def test_a_stylesheet_that_cannot_be_read_fails_naming_it_and_its_line(project: Path) -> None:
    static = project / "_static"
    static.mkdir()
    (static / "site.css").write_text("p { color: red }\n\n.unfinished\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"_static/site\.css, line 3: .*slim_stylesheets"):
        build(project, html_static_path=["_static"], slim_stylesheets=["_static/site.css"])
