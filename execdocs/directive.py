"""The ``example`` directive: a script's code, cell by cell, each with its real output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from execdocs.build import build_state
from execdocs.cells import Cell, CellError, language_of, parse_line_ranges, read_source, show_cell, split_cells
from execdocs.expected import expected_path, output_diff
from execdocs.labels import label
from execdocs.runner import sha256_of
from execdocs.store import ExampleRefError, resolve_example

if TYPE_CHECKING:
    from execdocs.runner import RunResult

logger = logging.getLogger(__name__)


def table_node(rows: list[list[nodes.Node]], css_class: str) -> nodes.table:
    """A table whose first row is the header; every row has the same number of cells."""
    table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(rows[0]))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in rows[0]]
    for part, part_rows in ((nodes.thead(), rows[:1]), (nodes.tbody(), rows[1:])):
        for cells in part_rows:
            row = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                entry += nodes.paragraph("", "", cell)
                row += entry
            part += row
        group += part
    return table


def _table_cell(text: str) -> nodes.Node:
    """A printed table cell: `code` in backticks becomes code, anything else stays text."""
    if len(text) > 1 and text.startswith("`") and text.endswith("`"):
        return nodes.literal(text[1:-1], text[1:-1])
    return nodes.Text(text)


def _short(exception: str | None) -> str:
    """``json.decoder.JSONDecodeError`` -> ``JSONDecodeError``, so either spelling matches."""
    return (exception or "").rsplit(".", 1)[-1]


class ExampleDirective(SphinxDirective):
    """Show an example script and, under each of its cells, what that cell printed."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, object]] = {
        "raises": directives.unchanged_required,
        "cells": directives.unchanged_required,
        "lines": directives.unchanged_required,
        "emphasize-lines": directives.unchanged_required,
        "output": lambda value: directives.choice(value, ("text", "table", "none")),
        "name": directives.unchanged,
    }

    def fail(self, message: str, subtype: str = "failed", script: Path | None = None) -> list[nodes.Node]:
        """Log a located error and put a visible marker where the output would be."""
        logger.error(message, location=self.get_location(), type="execdocs", subtype=subtype)
        store = build_state(self.env).store
        if store is not None:
            store.errors += 1
            if script is not None:
                store.failed.add(script)
        marker = nodes.paragraph("", label(self.language, "failed"), classes=["execdocs-failed"])
        return [marker]

    def warn(self, message: str, subtype: str) -> None:
        """Log a located warning (an error under -W) of type ``execdocs.<subtype>``."""
        logger.warning(message, location=self.get_location(), type="execdocs", subtype=subtype)

    @property
    def language(self) -> str:
        return language_of(self.config.language)

    def run(self) -> list[nodes.Node]:
        state = build_state(self.env)
        root = state.root
        name = self.arguments[0]
        try:
            script = resolve_example(name, root)
        except ExampleRefError as error:
            return self.fail(f"example {error}", "reference")
        relpath = script.relative_to(root).as_posix()
        self.env.note_dependency(str(script))

        try:
            source = read_source(script)
            cells = split_cells(source)
        except SyntaxError as error:
            return self.fail(f"{relpath}:{error.lineno}: the script is not valid Python: {error.msg}", script=script)
        except CellError as error:
            return self.fail(f"{relpath}:{error.line}: {error}", script=script)
        try:
            chosen = self._chosen_cells(cells)
            selected = parse_line_ranges(self.options["lines"]) if "lines" in self.options else None
            emphasize = parse_line_ranges(self.options.get("emphasize-lines", ""))
        except ValueError as error:
            return self.fail(f"{relpath}: bad option: {error}", "option")

        store = state.store
        result = None
        if store is not None:
            result = store.get(script)
            problem = self._problem(result, relpath)
            if problem:
                return self.fail(problem, script=script)
            self._check_expected(script, relpath, result)
            if result.truncated_from is not None:
                self.warn(
                    f"example {relpath} printed {result.truncated_from:,} bytes; only the first "
                    f"{len(result.output.encode()):,} are shown (execdocs_max_output_bytes)",
                    "truncated",
                )
            self.env.execdocs_records.setdefault(self.env.docname, {})[relpath] = result.public_record()

        lines = source.splitlines()
        wrapper = nodes.container(classes=["execdocs-example"])
        for cell in chosen:
            shown = show_cell(lines, cell, self.language, selected, emphasize)
            code = nodes.literal_block(shown.text, shown.text, language="python", classes=["execdocs-source"])
            code["highlight_args"] = {"hl_lines": shown.emphasized} if shown.emphasized else {}
            self.set_source_info(code)
            wrapper += code
            if result is not None:
                wrapper += self._output_nodes(result, cell)
        if result is not None:
            wrapper += self._produced_by(script, relpath, result)
            wrapper += self._compat(script, relpath)
        elif not state.config.execute:
            wrapper += nodes.paragraph("", label(self.language, "not_run"), classes=["execdocs-meta"])
        self.add_name(wrapper)
        return [wrapper]

    def _chosen_cells(self, cells: list[Cell]) -> list[Cell]:
        if "cells" not in self.options:
            return cells
        numbers = parse_line_ranges(self.options["cells"])
        missing = sorted(numbers - {cell.number for cell in cells})
        if missing:
            raise ValueError(f":cells: names cell {missing[0]}, but the script has {len(cells)} cells")
        return [cell for cell in cells if cell.number in numbers]

    def _problem(self, result: RunResult, relpath: str) -> str | None:
        """Why ``result`` cannot be shown, as a message that names the script and what to do."""
        stderr = f"\nLast lines of its stderr:\n{result.stderr_tail}" if result.stderr_tail else ""
        if result.failure is not None:
            where = f"{relpath}:{result.failure_line}" if result.failure_line else relpath
            return f"example {where} failed: {result.failure}.{stderr}"
        expected = self.options.get("raises")
        where = f"{relpath}:{result.exception_line}"
        if result.exception and not expected:
            return (
                f"example {where} raised {result.exception}; fix it, or add "
                f"':raises: {result.exception}' if the error is the point.\n{result.cells[-1]}{stderr}"
            )
        if expected and not result.exception:
            return f"example {relpath} was expected to raise {expected} (:raises:), but it raised nothing"
        if expected and _short(result.exception) != _short(expected):
            return f"example {where} raised {result.exception}, but :raises: says {expected}.\n{result.cells[-1]}"
        return None

    def _check_expected(self, script: Path, relpath: str, result: RunResult) -> None:
        """Warn when the output differs from the committed expected output (the doctest)."""
        expected_file = expected_path(script)
        self.env.note_dependency(str(expected_file))
        hint = "review the change, then run `nox -s update_expected` and commit the result"
        if not expected_file.is_file():
            self.warn(
                f"example {relpath} has no committed expected output ({expected_file.name}); {hint}",
                "expected",
            )
            return
        expected = expected_file.read_text(encoding="utf-8")
        if expected != result.output:
            diff = output_diff(expected, result.output, relpath)
            self.warn(
                f"the output of {relpath} differs from {expected_file.name}; {hint}:\n{diff}",
                "expected",
            )

    def _output_nodes(self, result: RunResult, cell: Cell) -> list[nodes.Node]:
        index = cell.number - 1
        text = result.cells[index] if index < len(result.cells) else ""
        output_format = self.options.get("output", "text")
        if not text or output_format == "none":
            return []
        raised = result.exception is not None and index == len(result.cells) - 1
        box = nodes.container(classes=["execdocs-output"] + (["execdocs-raises"] if raised else []))
        caption = (
            label(self.language, "raises", exception=result.exception) if raised else label(self.language, "output")
        )
        box += nodes.paragraph("", caption, classes=["execdocs-output-label"])
        if output_format == "table" and not raised:
            box += self._table(text)
        else:
            body = text.rstrip("\n")
            block = nodes.literal_block(body, body, language="text", classes=["execdocs-output-text"])
            self.set_source_info(block)
            box += block
        if result.truncated_from is not None and index == len(result.cells) - 1:
            notice = label(
                self.language,
                "truncated",
                printed=f"{result.truncated_from:,}",
                shown=f"{len(result.output.encode()):,}",
            )
            box += nodes.paragraph("", notice, classes=["execdocs-truncated"])
        return [box]

    def _table(self, text: str) -> nodes.Node:
        """Render a Markdown pipe table that the script printed."""
        rows = [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines()
            if line.strip().startswith("|")
        ]
        rows = [row for row in rows if not all(set(cell) <= set("-: ") for cell in row)]
        if not rows:
            raise self.error(":output: table, but the script printed no '|' table")
        width = max(len(row) for row in rows)
        cells = [[_table_cell(value) for value in row + [""] * (width - len(row))] for row in rows]
        return table_node(cells, "execdocs-table")

    def _compat(self, script: Path, relpath: str) -> list[nodes.Node]:
        """Where the committed report says this output holds on other releases, and where it differs."""
        state = build_state(self.env)
        if state.compat is None or state.compat_path is None:
            return []
        self.env.note_dependency(str(state.compat_path))
        entry = state.compat["examples"].get(relpath)
        if entry is None or entry["sha256"] != sha256_of(script):
            # Checking other releases is a release job (`nox -s compat`), not part of editing; the
            # tests fail until the report is current.
            text = label(self.language, "compat_unchecked")
            return [nodes.paragraph("", text, classes=["execdocs-compat", "execdocs-compat-unchecked"])]
        results = entry["results"]
        separator = label(self.language, "list_separator")
        same = [version for version, outcome in results.items() if outcome["status"] == "same"]
        box = nodes.container(classes=["execdocs-compat"])
        if same:
            text = label(self.language, "compat_same", versions=separator.join(same))
            box += nodes.paragraph("", text)
        for version, outcome in results.items():
            if outcome["status"] == "differs":
                box += nodes.paragraph("", label(self.language, "compat_differs", version=version))
                diff = outcome["detail"].rstrip("\n")
                box += nodes.literal_block(diff, diff, language="diff", classes=["execdocs-compat-diff"])
            elif outcome["status"] == "fails":
                box += nodes.paragraph(
                    "", label(self.language, "compat_fails", version=version, detail=outcome["detail"])
                )
        return [box]

    def _produced_by(self, script: Path, relpath: str, result: RunResult) -> nodes.Node:
        target = "/" + Path(os.path.relpath(script, self.env.srcdir)).as_posix()
        link = addnodes.download_reference("", "", reftarget=target, refdoc=self.env.docname, refexplicit=True)
        link += nodes.literal(relpath, relpath)
        text = label(self.language, "produced", path="\0", tensorflow=result.tensorflow or "-", python=result.python)
        before, _, after = text.partition("\0")
        paragraph = nodes.paragraph(classes=["execdocs-meta"])
        paragraph += [nodes.Text(before), link, nodes.Text(after)]
        return paragraph


class CompatTableDirective(SphinxDirective):
    """A table of every example in the compatibility report: same, differs or fails, per release."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        state = build_state(self.env)
        language = language_of(self.config.language)
        if state.compat is None or state.compat_path is None:
            logger.warning(
                "compat-table needs execdocs_compat_report",
                location=self.get_location(),
                type="execdocs",
                subtype="compat",
            )
            return []
        self.env.note_dependency(str(state.compat_path))
        versions = [run["label"] for run in state.compat["runs"]]
        rows = [[nodes.Text(label(language, "compat_example"))] + [nodes.Text(v) for v in versions]]
        for relpath, entry in sorted(state.compat["examples"].items()):
            row: list[nodes.Node] = [nodes.literal(relpath, relpath)]
            for version in versions:
                status = entry["results"][version]["status"]
                row.append(nodes.Text(label(language, f"compat_status_{status}")))
            rows.append(row)
        table = table_node(rows, "execdocs-compat-table")
        runs = nodes.bullet_list()
        for run in state.compat["runs"]:
            packages = label(language, "list_separator").join(
                f"{name} {version}" for name, version in sorted(run["versions"].items())
            )
            item = nodes.list_item()
            item += nodes.paragraph("", label(language, "compat_run", version=run["label"], packages=packages))
            runs += item
        return [table, runs]
