"""Cells, line selection and the per-language comments of a script."""

from __future__ import annotations

import pytest

from execdocs.core.cells import (
    Cell,
    CellError,
    language_of,
    localize_line,
    parse_line_ranges,
    show_cell,
    split_cells,
)

SCRIPT = """\
import math
# %%
# en: Square it.
# zh: 求平方。
x = 3
print(x * x)

# %%
@staticmethod
def f():
    return 1
"""


def test_split_cells_numbers_the_cells_with_code() -> None:
    assert split_cells(SCRIPT) == [Cell(1, 1, 1), Cell(2, 3, 7), Cell(3, 9, 11)]


def test_leading_marker_makes_no_empty_cell() -> None:
    assert split_cells("# %%\nprint(1)\n") == [Cell(1, 2, 2)]


def test_marker_inside_a_statement_is_refused_with_its_line() -> None:
    with pytest.raises(CellError) as error:
        split_cells("if True:\n    a = 1\n# %%\n    b = 2\n")
    assert error.value.line == 3
    assert "inside the statement that starts on line 1" in str(error.value)


def test_indented_marker_is_just_a_comment() -> None:
    assert split_cells("if True:\n    # %%\n    a = 1\n") == [Cell(1, 1, 3)]


@pytest.mark.parametrize(
    ("line", "language", "shown"),
    [
        ("# en: Square it.", "en", "# Square it."),
        ("# en: Square it.", "zh", None),
        ("# zh: 求平方。", "zh", "# 求平方。"),
        ("    # zh: 缩进", "zh", "    # 缩进"),
        ("# en:", "en", "#"),
        ("# plain comment", "zh", "# plain comment"),
        ("x = 1  # en: not whole-line", "zh", "x = 1  # en: not whole-line"),
    ],
)
def test_localize_line(line: str, language: str, shown: str | None) -> None:
    assert localize_line(line, language) == shown


@pytest.mark.parametrize(("sphinx", "prefix"), [("en", "en"), ("zh_CN", "zh"), ("zh-CN", "zh"), (None, "en")])
def test_language_of(sphinx: str | None, prefix: str) -> None:
    assert language_of(sphinx) == prefix


def test_show_cell_keeps_file_line_numbers_for_emphasis_in_every_language() -> None:
    lines = SCRIPT.splitlines()
    cell = split_cells(SCRIPT)[1]
    english = show_cell(lines, cell, "en", emphasize={6})
    chinese = show_cell(lines, cell, "zh", emphasize={6})
    assert english.text == "# Square it.\nx = 3\nprint(x * x)"
    assert chinese.text == "# 求平方。\nx = 3\nprint(x * x)"
    assert english.emphasized == chinese.emphasized == [3]


def test_show_cell_selects_lines() -> None:
    lines = SCRIPT.splitlines()
    assert show_cell(lines, split_cells(SCRIPT)[1], "en", selected={5, 6}).text == "x = 3\nprint(x * x)"


@pytest.mark.parametrize(("spec", "numbers"), [("1-3,5", {1, 2, 3, 5}), ("2", {2}), (" 4 - 5 ", {4, 5}), ("", set())])
def test_parse_line_ranges(spec: str, numbers: set[int]) -> None:
    assert parse_line_ranges(spec) == numbers


@pytest.mark.parametrize("spec", ["a", "3-1", "0", "1-x"])
def test_parse_line_ranges_refuses(spec: str) -> None:
    with pytest.raises(ValueError, match=r"range|line number"):
        parse_line_ranges(spec)
