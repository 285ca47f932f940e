"""The site's settings (conf.py) as Sphinx keeps them from one build to the next."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = list(runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"])


def build(srcdir: Path, out: Path, language: str, *settings: str) -> str:
    """Build ``srcdir`` with the site's conf.py, running no example; the build's log."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-d", str(out / "doctrees")]
    command += ["-D", f"language={language}", "-D", "execdocs_execute=0", *settings, str(srcdir), str(out / "html")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


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
