"""`nox -s latest`: finding the interpreters, taking the newest releases, and its drift report."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

from interpreters import find_python, missing_message, newest, wheel_pythons
from latest import markdown, report, unpinned, versions_of, without_script, write_report

ROOT = Path(__file__).resolve().parent.parent


def fake_python(path: Path, runs: bool = True) -> Path:
    """An executable at ``path``: a working interpreter stand-in, or a shim that fails like pyenv's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/bin/sh\nexit 0\n" if runs else "#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n"
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_pyenv_version_is_found_in_its_folder_when_its_shim_does_not_run(tmp_path: Path) -> None:
    # The machine of the README: pyenv holds 3.13 but selects 3.11, so the shim python3.13 fails.
    shims = tmp_path / "shims"
    fake_python(shims / "python3.13", runs=False)
    fake_python(tmp_path / "home/.pyenv/versions/3.13.0/bin/python3.13")
    newer = fake_python(tmp_path / "home/.pyenv/versions/3.13.10/bin/python3.13")
    fake_python(tmp_path / "home/.pyenv/versions/3.13-dev/bin/python3.13")
    environ = {"PATH": str(shims)}
    assert find_python("3.13", environ=environ, home=tmp_path / "home") == str(newer)
    assert find_python("3.12", environ=environ, home=tmp_path / "home") is None


def test_a_dead_shim_on_path_is_not_taken_and_a_working_one_is(tmp_path: Path) -> None:
    shims = tmp_path / "bin"
    fake_python(shims / "python3.13", runs=False)
    assert find_python("3.13", environ={"PATH": str(shims)}, home=tmp_path) is None
    fake_python(shims / "python3.13")
    assert find_python("3.13", environ={"PATH": str(shims)}, home=tmp_path) == str(shims / "python3.13")


def test_the_variable_and_pyenv_root_come_first(tmp_path: Path) -> None:
    named = fake_python(tmp_path / "elsewhere/python")
    pyenv = fake_python(tmp_path / "pyenv/versions/3.11.7/bin/python3.11")
    fake_python(tmp_path / "home/.pyenv/versions/3.11.9/bin/python3.11")
    home = tmp_path / "home"
    assert find_python("3.11", environ={"PYENV_ROOT": str(tmp_path / "pyenv")}, home=home) == str(pyenv)
    environ = {"PYENV_ROOT": str(tmp_path / "pyenv"), "COMPAT_PYTHON3_11": str(named)}
    assert find_python("3.11", "COMPAT_PYTHON", environ=environ, home=home) == str(named)
    # A variable that names nothing is an interpreter not found, not a fall back to another one.
    assert find_python("3.11", environ={"PYTHON3_11": str(tmp_path / "nothing")}, home=home) is None


def test_the_message_for_a_missing_python_says_what_to_do() -> None:
    message = missing_message("3.13", "The site build")
    assert "pyenv install 3.13" in message and "PYTHON3_13" in message and "python3.13" in message


def test_the_pythons_a_release_supports_come_from_its_wheels() -> None:
    files = [
        "tensorflow_cpu-2.21.0-cp310-cp310-manylinux_2_27_x86_64.whl",
        "tensorflow_cpu-2.21.0-cp313-cp313-manylinux_2_27_x86_64.whl",
        "tensorflow_cpu-2.21.0-cp39.cp310-abi3-win_amd64.whl",
        "tensorflow_cpu-2.21.0.tar.gz",
    ]
    assert wheel_pythons(files) == {"3.9", "3.10", "3.13"}
    assert newest(wheel_pythons(files)) == "3.13"


def test_the_newest_releases_replace_the_pins_of_the_tracked_packages_only() -> None:
    pins = ["tensorflow-cpu==2.21.0", "Sphinx_Book.Theme==1.4.0", "jieba==0.42.1", "sphinx-copybutton==0.5.2"]
    assert unpinned(pins) == ["tensorflow-cpu", "sphinx-book-theme", "jieba==0.42.1", "sphinx-copybutton==0.5.2"]
    freeze = "Sphinx==9.2.0\nsphinx-copybutton==0.5.2\nnumpy==2.4.6\n-e git+https://x/y#egg=execdocs\n"
    assert versions_of(freeze) == {"numpy": "2.4.6", "sphinx": "9.2.0"}


def test_the_report_names_the_pages_of_each_differing_example(tmp_path: Path) -> None:
    data = report(
        python="3.13.0",
        versions={"tensorflow-cpu": "2.22.0", "sphinx": "9.2.0"},
        differs=[{"example": "examples/33_tf2_variable_names.py", "diff": "--- a\n+++ b\n-v:0\n+v:1\n"}],
        patches_unneeded=["search-zh.js"],
        build_ok=True,
        tests_ok=True,
        docs=ROOT / "docs",
        checked=datetime(2026, 12, 7, 23, 59, tzinfo=UTC),
    )
    assert data["checked"] == "2026-12-07"
    assert data["differs"][0]["pages"] == ["tf2"]
    write_report(data, tmp_path, published={"tensorflow-cpu": "2.22.0", "sphinx": "9.3.0"})
    assert json.loads((tmp_path / "drift.json").read_text()) == data
    text = (tmp_path / "drift.md").read_text()
    assert "| tensorflow-cpu | 2.22.0 |" in text and "+v:1" in text and "`tf2`" in text and "`search-zh.js`" in text
    # A release held back by another package's pin is named, with the one installed.
    assert "| sphinx | 9.2.0 (not 9.3.0, which does not install with the others) |" in text


def test_a_diff_holding_a_fence_keeps_its_block_closed() -> None:
    data = report(
        python="3.13.0",
        versions={},
        differs=[{"example": "examples/none.py", "diff": "-```\n+````\n"}],
        patches_unneeded=[],
        build_ok=False,
        tests_ok=False,
        docs=ROOT / "docs",
    )
    text = markdown(data)
    assert "`````diff\n-```\n+````\n`````" in text and "no page" in text and "**fails**" in text


def test_a_site_without_a_script_loads_it_nowhere(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "zh-cn/_static").mkdir(parents=True)
    (site / "zh-cn/_static/search-zh.js").write_text("var x;")
    (site / "zh-cn/_static/searchtools.js").write_text("var y;")
    page = '<script src="_static/search-zh.js?v=12ab"></script>\n<script src="_static/searchtools.js?v=1"></script>\n'
    (site / "zh-cn/search.html").write_text(page)
    copy = without_script(site, tmp_path / "copy", "search-zh.js")
    assert (copy / "zh-cn/search.html").read_text() == '<script src="_static/searchtools.js?v=1"></script>\n'
    assert not (copy / "zh-cn/_static/search-zh.js").exists() and (copy / "zh-cn/_static/searchtools.js").exists()
    assert (site / "zh-cn/_static/search-zh.js").exists()  # the built site itself is left as it is
