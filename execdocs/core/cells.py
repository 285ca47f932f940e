"""Split an example script into cells, and choose the lines a reader of one language sees."""

from __future__ import annotations

import ast
import importlib.util
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

#: A line that is exactly this, at column 0, starts a new cell.
CELL_MARKER = "# %%"

#: A whole-line comment meant for readers of one language only: ``# en: ...`` or ``# zh: ...``.
_LANGUAGE_COMMENT = re.compile(r"^(?P<indent>\s*)# (?P<lang>[a-z]{2}):(?: (?P<text>.*))?$")


@dataclass(frozen=True)
class Cell:
    """A run of lines between cell markers (1-based line numbers, both ends included)."""

    number: int
    first_line: int
    last_line: int


class CellError(ValueError):
    """A cell marker in a place where the script cannot be split."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def read_source(script: Path) -> str:
    """The script's text as Python reads it: a byte-order mark or a coding line decides the encoding.

    Raises SyntaxError, naming the encoding and the line, when the bytes do not decode.
    """
    data = script.read_bytes()
    try:
        return importlib.util.decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        line = data[: getattr(error, "start", 0)].count(b"\n") + 1
        message = f"the file cannot be decoded ({error}); save it as UTF-8"
        raise SyntaxError(message, (str(script), line, 0, "")) from None


def _statement_spans(tree: ast.Module) -> list[tuple[int, int]]:
    spans = []
    for stmt in tree.body:
        first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
        spans.append((first, stmt.end_lineno or stmt.lineno))
    return spans


def split_cells(source: str, tree: ast.Module | None = None) -> list[Cell]:
    """Return the script's cells that contain code, numbered from 1 in reading order.

    Raises :class:`CellError` for a marker that falls inside a statement, since such a
    cell could not run on its own.
    """
    lines = source.splitlines()
    tree = tree if tree is not None else ast.parse(source)
    markers = [n for n, text in enumerate(lines, start=1) if text.rstrip() == CELL_MARKER]
    for first, last in _statement_spans(tree):
        for marker in markers:
            if first < marker < last:
                raise CellError(
                    f"the cell marker on line {marker} is inside the statement that starts on "
                    f"line {first}; put '{CELL_MARKER}' between top-level statements",
                    marker,
                )
    bounds = [0, *markers, len(lines) + 1]
    cells: list[Cell] = []
    for start, stop in itertools.pairwise(bounds):
        first, last = start + 1, stop - 1
        if any(lines[n - 1].strip() for n in range(first, last + 1)):
            cells.append(Cell(len(cells) + 1, first, last))
    return cells


def cell_statements(tree: ast.Module, cell: Cell) -> list[ast.stmt]:
    """The top-level statements of ``tree`` that belong to ``cell``."""
    return [s for s in tree.body if cell.first_line <= s.lineno <= cell.last_line]


def language_of(sphinx_language: str | None) -> str:
    """Map a Sphinx language code (``en``, ``zh_CN``) to the comment prefix used in scripts."""
    return (sphinx_language or "en").replace("-", "_").split("_")[0].lower()


def localize_line(line: str, language: str) -> str | None:
    """The line as a reader of ``language`` sees it, or None when it is for another language."""
    match = _LANGUAGE_COMMENT.match(line)
    if match is None:
        return line
    if match["lang"] != language:
        return None
    text = match["text"] or ""
    return f"{match['indent']}# {text}".rstrip()


@dataclass(frozen=True)
class ShownCode:
    """The code of one cell as shown on the page, with 1-based lines to emphasize."""

    text: str
    emphasized: list[int]
    #: The script file's line number of every shown line.
    numbers: tuple[int, ...] = ()


def show_cell(
    lines: list[str],
    cell: Cell,
    language: str,
    selected: set[int] | None = None,
    emphasize: set[int] | None = None,
) -> ShownCode:
    """Select, localize and trim the lines of ``cell``.

    ``selected`` and ``emphasize`` hold line numbers of the script file, so they mean the same
    lines in every language even though each language hides the other's comments.
    """
    shown: list[tuple[int, str]] = []
    for number in range(cell.first_line, cell.last_line + 1):
        if selected is not None and number not in selected:
            continue
        text = localize_line(lines[number - 1], language)
        if text is not None:
            shown.append((number, text.rstrip()))
    while shown and not shown[0][1].strip():
        shown.pop(0)
    while shown and not shown[-1][1].strip():
        shown.pop()
    emphasized = [i for i, (number, _) in enumerate(shown, start=1) if number in (emphasize or ())]
    text = "\n".join(text for _, text in shown)
    return ShownCode(text, emphasized, tuple(number for number, _ in shown))


def localized_source(source: str, language: str) -> str:
    """The whole script as a reader of ``language`` sees it: the other languages' comments removed."""
    lines = [localize_line(line, language) for line in source.splitlines()]
    return "".join(f"{line}\n" for line in lines if line is not None)


def parse_line_ranges(spec: str) -> set[int]:
    """Parse ``"1-3,5"`` into ``{1, 2, 3, 5}``; raises ValueError with the bad part named."""
    numbers: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        try:
            start, stop = int(low), int(high or low)
        except ValueError:
            raise ValueError(f"{part!r} is not a line number or a range like 3-7") from None
        if start < 1 or stop < start:
            raise ValueError(f"{part!r} is not a valid range")
        numbers.update(range(start, stop + 1))
    return numbers
