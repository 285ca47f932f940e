"""The site's settings (conf.py) as Sphinx keeps them from one build to the next."""

from __future__ import annotations

import contextlib
import io
import runpy
from pathlib import Path

import pytest
from sphinx import locale
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_colors

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = list(runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"])


def build(srcdir: Path, out: Path, language: str, *settings: str, conf: Path = ROOT) -> str:
    """Build ``srcdir`` with the site's conf.py (in ``conf``), running no example, as ``sphinx-build``
    does (in this process: the libraries are imported once for all the builds); the build's log."""
    arguments = ["-b", "html", "-c", str(conf), "-d", str(out / "doctrees"), "-D", f"language={language}"]
    arguments += ["-D", "execdocs_execute=0", *settings, str(srcdir), str(out / "html")]
    # As in a fresh process: no translation an earlier build in this process loaded (another language's).
    locale.translators.clear()
    log, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(errors):
        status = build_main(arguments)
    assert status == 0, log.getvalue() + errors.getvalue()
    return strip_colors(log.getvalue())


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unchanged_rebuild_says_nothing_of_a_changed_configuration(tmp_path: Path, language: str) -> None:
    """The theme, the copy button and the HTML builder change settings once the builder starts (a
    folder of templates, of static files, a script's priority): the next, identical build must not
    take that for a change of conf.py, and a real change must still be seen."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "index.md").write_text("# A page\n\nSome text.\n", encoding="utf-8")
    out = tmp_path / language
    build(srcdir, out, language)
    again = build(srcdir, out, language)
    assert "configuration has changed" not in again, again
    assert "reading sources... [" not in again and "writing output... [" not in again, again
    changed = build(srcdir, out, language, "-D", "execdocs_cache_dir=another-cache")
    assert "The configuration has changed (1 option: 'execdocs_cache_dir')" in changed, changed
    assert "reading sources... [100%] index" in changed, changed


def _site_with_own_stylesheets(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """The repository as the site's conf.py sees it, but for its own copies of the stylesheets that
    each page carries inline, so that a test can edit them."""
    root = tmp_path / "root"
    sheets = {"site": Path("docs/_static/site.css"), "execdocs": Path("execdocs/static/execdocs.css")}
    for sheet in sheets.values():
        copy = root / sheet
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((ROOT / sheet).read_bytes())
        for sibling in (ROOT / sheet).parent.iterdir():
            if not (copy.parent / sibling.name).exists():
                (copy.parent / sibling.name).symlink_to(sibling)
    for folder in (root / "docs", root / "execdocs", root):
        original = ROOT / folder.relative_to(root)
        for entry in original.iterdir():
            if not (folder / entry.name).exists() and not entry.name.startswith((".", "_build")):
                (folder / entry.name).symlink_to(entry)
    return root, {name: root / sheet for name, sheet in sheets.items()}


def test_an_edited_stylesheet_reaches_every_page_on_the_next_build(tmp_path: Path) -> None:
    """site.css and execdocs.css are written into each page's head: a writer who edits one and
    builds again sees the new rule on every page, not the pages' earlier copy of the old one."""
    root, sheets = _site_with_own_stylesheets(tmp_path)
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "index.md").write_text("# A page\n\nSome text.\n\n```{toctree}\nother\n```\n", encoding="utf-8")
    (srcdir / "other.md").write_text("# Another page\n\nMore text.\n", encoding="utf-8")
    out = tmp_path / "en"
    build(srcdir, out, "en", conf=root)
    for name, sheet in sheets.items():
        rule = f".edited-{name} {{ color: rgb(1, 2, 3); }}"
        for page in ("index", "other"):
            assert rule not in (out / f"html/{page}.html").read_text(encoding="utf-8")
        sheet.write_text(sheet.read_text(encoding="utf-8") + rule + "\n", encoding="utf-8")
        build(srcdir, out, "en", conf=root)
        for page in ("index", "other"):
            assert rule in (out / f"html/{page}.html").read_text(encoding="utf-8"), (
                f"{page}.html kept the old {name}.css"
            )


def test_a_page_from_outside_the_repository_builds_without_a_link_to_edit_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the repository's address known (REPOSITORY_URL), each page links to its source there;
    a page whose source is not in the repository has none to link to, and still builds."""
    monkeypatch.setenv("REPOSITORY_URL", "https://git.test/authors/variable-sharing")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "index.md").write_text("# A page\n\nSome text.\n", encoding="utf-8")
    build(srcdir, tmp_path / "en", "en")
    page = (tmp_path / "en/html/index.html").read_text(encoding="utf-8")
    assert "git.test/authors/variable-sharing/edit/" not in page
