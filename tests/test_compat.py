"""The compatibility report: merging runs, and what the pages show from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from execdocs.compat import merge_runs
from execdocs.expected import stale_in_report
from execdocs.runner import sha256_of
from tests.util import build, copy_root


def run(label: str, root: Path, outputs: dict[str, str | None]) -> dict:
    examples = {}
    for name, output in outputs.items():
        script = root / "examples" / name
        examples[f"examples/{name}"] = {
            "sha256": sha256_of(script),
            "output": output,
            "failure": None if output is not None else "it was killed by signal SIGKILL",
        }
    return {"label": label, "versions": {"tensorflow-cpu": label, "numpy": "1.26.4"}, "examples": examples}


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path / "basic")


def write_report(basic: Path, other_output: str | None) -> dict:
    scripts = sorted((basic / "examples").glob("[cor]*.py"))
    same = {path.name: path.with_suffix(".out").read_text() for path in scripts}
    old = dict(same, **{"other.py": other_output})
    report = merge_runs([run("2.15.1", basic, old), run("2.21.0", basic, same)], scripts, basic)
    (basic / "compat.json").write_text(json.dumps(report), encoding="utf-8")
    return report


def test_merge_marks_same_differs_and_fails(basic: Path) -> None:
    report = write_report(basic, "other page, printed differently\n")
    results = report["examples"]["examples/other.py"]["results"]
    assert results["2.21.0"] == {"status": "same"}
    assert results["2.15.1"]["status"] == "differs"
    assert "-other page\n+other page, printed differently\n" in results["2.15.1"]["detail"]
    failed = write_report(basic, None)["examples"]["examples/other.py"]["results"]["2.15.1"]
    assert failed == {"status": "fails", "detail": "it was killed by signal SIGKILL"}


def test_page_shows_where_the_output_holds_and_the_diff(basic: Path) -> None:
    write_report(basic, "other page, printed differently\n")
    app = build(basic, execdocs_compat_report="compat.json")
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select("div.execdocs-compat")[0]
    assert "The same output on TensorFlow 2.21.0." in box.get_text()
    assert "On TensorFlow 2.15.1 the output differs from the one above:" in box.get_text()
    assert "+other page, printed differently" in box.select("pre")[0].get_text()


def test_edited_script_builds_and_says_it_is_not_checked_yet(basic: Path) -> None:
    write_report(basic, "other page\n")
    # The writer adds a comment: the output is the same, the report describes the old file.
    other = basic / "examples/other.py"
    other.write_text("# en: A comment.\n# zh: 一条注释。\n" + other.read_text(encoding="utf-8"), encoding="utf-8")
    app = build(basic, execdocs_compat_report="compat.json")
    assert (app.statuscode, app.warning.getvalue()) == (0, "")
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    note = soup.select("p.execdocs-compat-unchecked")[0].get_text()
    assert note == "This version of the script has not been checked on other TensorFlow releases yet."
    assert "The same output on TensorFlow" not in soup.get_text()
    zh = copy_root("basic", basic.parent / "basic-zh")
    (zh / "compat.json").write_text((basic / "compat.json").read_text(encoding="utf-8"), encoding="utf-8")
    (zh / "examples/other.py").write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    app = build(zh, language="zh_CN", execdocs_compat_report="compat.json")
    assert app.statuscode == 0, app.warning.getvalue()
    page = BeautifulSoup((zh / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    assert (
        page.select("p.execdocs-compat-unchecked")[0].get_text() == "脚本的这一版还没有在其他 TensorFlow 版本上验证过。"
    )
    # ...while the check that the tests run (CI) names it until the report is made again.
    scripts = sorted((basic / "examples").glob("[cor]*.py"))
    report = json.loads((basic / "compat.json").read_text(encoding="utf-8"))
    assert stale_in_report(report, scripts, basic) == ["examples/other.py"]


def test_missing_report_is_reported(basic: Path) -> None:
    app = build(basic, execdocs_compat_report="compat.json")
    assert "execdocs_compat_report names compat.json, which does not exist" in app.warning.getvalue()


def test_compat_table_lists_every_example_and_release(basic: Path) -> None:
    write_report(basic, "other page, printed differently\n")
    index = basic / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{compat-table}\n```\n", encoding="utf-8")
    app = build(basic, execdocs_compat_report="compat.json")
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select("table.execdocs-compat-table")[0]
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tr")]
    assert rows == [
        ["Example", "2.15.1", "2.21.0"],
        ["examples/cells.py", "same", "same"],
        ["examples/other.py", "differs", "same"],
        ["examples/raises.py", "same", "same"],
    ]
    assert "TensorFlow 2.15.1: numpy 1.26.4, tensorflow-cpu 2.15.1" in soup.get_text()
