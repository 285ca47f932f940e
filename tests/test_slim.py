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


def test_builds_in_other_folders_share_kept_results_and_never_a_stale_one(tmp_path: Path, monkeypatch) -> None:
    """The trimmed stylesheets are kept by the checksum of their input in ``slim_cache_dir``: a
    build in another folder that meets the same input takes them without parsing the theme again;
    another input, or a kept file cut short, is trimmed afresh; only the newest results stay."""
    import slim

    trims = []
    trim = slim.trim_stylesheets
    monkeypatch.setattr(slim, "trim_stylesheets", lambda sheets, words: trims.append(words) or trim(sheets, words))
    monkeypatch.setattr(slim, "KEPT_RESULTS", 1)
    store = tmp_path / "kept"
    first, second = copy_root("slim", tmp_path / "first"), copy_root("slim", tmp_path / "second")
    build(first, stop_on_warning=True, slim_cache_dir=str(store))
    build(second, stop_on_warning=True, slim_cache_dir=str(store))
    assert len(trims) == 1
    assert shipped(second) == shipped(first)

    with (second / "index.rst").open("a", encoding="utf-8") as page:
        page.write(ALERT)
    build(second, stop_on_warning=True, slim_cache_dir=str(store))
    assert len(trims) == 2
    assert ".alert-warning{" in shipped(second)[0]
    assert len(list(store.glob("slim-*.json"))) == 1  # the newest only

    for kept in store.glob("slim-*.json"):
        kept.write_text(kept.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    build(second, stop_on_warning=True, slim_cache_dir=str(store))
    assert len(trims) == 3
    assert ".alert-warning{" in shipped(second)[0]
