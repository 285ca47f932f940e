"""An example that prints a table may name its columns in its content: a phone's cards carry those
names; content on any other example is a located error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from tests.util import build, copy_root

TABLE_SCRIPT = 'print("| `a` | `b` |")\nprint("|---|---|")\nprint("| 1 | 2 |")\n'


def table_project(tmp_path: Path, content: str, options: str = ":output: table") -> Path:
    project = copy_root("basic", tmp_path / "basic")
    script = project / "examples/other.py"
    script.write_text(TABLE_SCRIPT, encoding="utf-8")
    # The committed output is what the script prints.
    printed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    (project / "examples/other.out").write_text(printed, encoding="utf-8")
    (project / "other.md").write_text(f"# Other\n\n```{{example}} examples/other.py\n{options}\n\n{content}```\n")
    return project


def test_the_cards_carry_the_names_the_content_lists(tmp_path: Path) -> None:
    project = table_project(tmp_path, "- First (`a`)\n- Second\n")
    app = build(project)
    assert app.statuscode == 0, app.warning.getvalue()
    page = BeautifulSoup((project / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text() for label in page.select("table.execdocs-stacked tbody .execdocs-cell-label")]
    assert labels == ["First (a)", "Second"]
    assert [th.get_text().strip() for th in page.select("table.execdocs-stacked thead th")] == ["a", "b"]
    # The list itself is not shown: it only names the columns.
    assert "First" not in page.select_one("article, body").get_text().replace("First (a)", "")


def test_content_on_an_example_without_a_table_is_a_located_error(tmp_path: Path) -> None:
    project = table_project(tmp_path, "- First\n- Second\n", options="")
    app = build(project)
    assert "other.md" in app.warning.getvalue() and "only an example with `:output: table`" in app.warning.getvalue()


def test_a_wrong_number_of_names_is_reported(tmp_path: Path) -> None:
    project = table_project(tmp_path, "- Only one\n")
    app = build(project)
    assert "names 1 columns, but its table has 2" in app.warning.getvalue()
