"""The ``example`` directive: a script's code, cell by cell, each with its real output."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import DirectiveError, directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from execdocs.build import build_state, defer, note_example
from execdocs.core.cells import (
    Cell,
    CellError,
    ShownCode,
    language_of,
    parse_line_ranges,
    read_source,
    show_cell,
    split_cells,
)
from execdocs.core.expected import current_entry, expected_path, output_diff
from execdocs.core.store import ExampleRefError, resolve_example
from execdocs.downloads import download_uri
from execdocs.images import check_image_name, show_picture
from execdocs.labels import label
from execdocs.render import disclosure, disclosure_summary, download_link, output_text, script_code

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from execdocs.core.runner import RunResult

logger = logging.getLogger(__name__)

#: The attribute that marks a wrapper whose example has not run yet, and keys for it.
_PENDING = "execdocs_pending"
_PENDING_KEYS = itertools.count()


def table_node(
    rows: list[list[nodes.Node]], css_class: str, stacked: bool = False, row_classes: list[str] | None = None
) -> nodes.table:
    """A table whose first row is the header; every row has the same number of cells.

    ``stacked``: each body cell also carries its column's header, hidden on a wide screen, so that
    on a narrow one the stylesheet can show every row as a card of labelled lines. ``row_classes``:
    a class for each row (header included; "" for none).
    """
    table = nodes.table(classes=[css_class] + (["execdocs-stacked"] if stacked else []))
    group = nodes.tgroup(cols=len(rows[0]))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in rows[0]]
    classes = row_classes or [""] * len(rows)
    for part, first, last in ((nodes.thead(), 0, 1), (nodes.tbody(), 1, len(rows))):
        for cells, css in zip(rows[first:last], classes[first:last], strict=True):
            row = nodes.row(classes=[css] if css else [])
            for header, cell in zip(rows[0], cells, strict=True):
                entry = nodes.entry()
                paragraph = nodes.paragraph()
                if stacked and isinstance(part, nodes.tbody):
                    paragraph += nodes.inline("", "", header.deepcopy(), classes=["execdocs-cell-label"])
                paragraph += cell
                entry += paragraph
                row += entry
            part += row
        group += part
    return table


def _table_cell(text: str) -> nodes.Node:
    """A printed table cell: spans in `backticks` become code, the rest stays text."""
    cell = nodes.inline()
    for index, part in enumerate(text.split("`")):
        if not part:
            continue
        cell += nodes.literal(part, part) if index % 2 else nodes.Text(part)
    return cell


def short_exception(exception: str | None) -> str:
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
        # `folded`: every output first, then the code behind a disclosure (a table that is the point).
        "code": lambda value: directives.choice(value, ("shown", "folded")),
        "name": directives.unchanged,
        "image": check_image_name,
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
        note_example(self.env, script)

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

        wrapper = nodes.container(classes=["execdocs-example"])
        self.add_name(wrapper)
        store = state.store
        if store is None:
            self._fill(wrapper, script, relpath, source, chosen, selected, emphasize, None)
            if not state.config.execute:
                wrapper += nodes.paragraph("", label(self.language, "not_run"), classes=["execdocs-meta"])
            return [wrapper]
        # The example runs while the next documents are read; what it printed is checked and shown
        # once every document is read (:func:`execdocs.build.finish_examples`).
        store.submit(script)
        key = f"{self.env.docname}#{next(_PENDING_KEYS)}"
        wrapper[_PENDING] = key
        self._read_as = (self.get_location(), self.get_source_info(), self.env.current_document, self.env)

        def finish(doctree: nodes.document) -> None:
            self._finish(doctree, key, script, relpath, source, chosen, selected, emphasize)

        defer(self.env, finish)
        return [wrapper]

    @property
    def env(self) -> BuildEnvironment:
        """The build's environment, also once the document is read (its doctree then no longer
        leads to it)."""
        read_as = getattr(self, "_read_as", None)
        return read_as[3] if read_as else super().env

    def get_location(self) -> str:
        read_as = getattr(self, "_read_as", None)
        return read_as[0] if read_as else super().get_location()

    def get_source_info(self) -> tuple[str, int]:
        read_as = getattr(self, "_read_as", None)
        return read_as[1] if read_as else super().get_source_info()

    def _finish(
        self,
        doctree: nodes.document,
        key: str,
        script: Path,
        relpath: str,
        source: str,
        chosen: list[Cell],
        selected: set[int] | None,
        emphasize: set[int],
    ) -> None:
        """Once the example has run: check what it printed, then show it in the wrapper left for it."""
        wrapper = next(node for node in doctree.findall(nodes.container) if node.get(_PENDING) == key)
        del wrapper[_PENDING]
        store = build_state(self.env).store
        assert store is not None
        env = self.env
        reading = env.current_document
        env.current_document = self._read_as[2]  # the document's own name and serial numbers
        try:
            result = store.get(script)
            problem = self._problem(result, relpath)
            if problem:
                wrapper.replace_self(self.fail(problem, script=script))
                return
            self._check_expected(script, relpath, result)
            if result.truncated_from is not None:
                self.warn(
                    f"example {relpath} printed {result.truncated_from:,} bytes; only the first "
                    f"{len(result.output.encode()):,} are shown (execdocs_max_output_bytes)",
                    "truncated",
                )
            env.execdocs_records.setdefault(env.docname, {})[relpath] = result.public_record()
            try:
                self._fill(wrapper, script, relpath, source, chosen, selected, emphasize, result)
            except DirectiveError as error:
                wrapper.replace_self(self.fail(f"example {relpath}: {error.msg}", "option"))
        finally:
            env.current_document = reading

    def _fill(
        self,
        wrapper: nodes.Element,
        script: Path,
        relpath: str,
        source: str,
        chosen: list[Cell],
        selected: set[int] | None,
        emphasize: set[int],
        result: RunResult | None,
    ) -> None:
        """The cells' code and, when the example ran, what each printed, the picture and provenance."""
        lines = source.splitlines()
        folded = self.options.get("code") == "folded"
        codes = [self._code_node(show_cell(lines, cell, self.language, selected, emphasize)) for cell in chosen]
        if folded:
            if result is not None:
                for cell in chosen:
                    wrapper += self._output_nodes(result, cell)
            code_box = disclosure(classes=["execdocs-code-fold"])
            code_box += disclosure_summary("", label(self.language, "show_code"))
            code_box += codes
            wrapper += code_box
        else:
            for cell, code in zip(chosen, codes, strict=True):
                wrapper += code
                if result is not None:
                    wrapper += self._output_nodes(result, cell)
        if result is not None and "image" in self.options:
            wrapper += show_picture(self, script, relpath, result)
        if result is not None:
            wrapper += self._provenance(script, relpath, result)

    def _code_node(self, shown: ShownCode) -> nodes.Node:
        """A cell's code, numbered with the script's own line numbers."""
        code = script_code(shown.text, shown.text, language="python", classes=["execdocs-source"])
        code["highlight_args"] = {"hl_lines": shown.emphasized} if shown.emphasized else {}
        code["line_numbers"] = list(shown.numbers)
        code["gap_one"] = label(self.language, "gap_one", first="{first}")
        code["gap_many"] = label(self.language, "gap_many", first="{first}", last="{last}")
        self.set_source_info(code)
        return code

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
        if expected and short_exception(result.exception) != short_exception(expected):
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
            block = output_text(body, body, language="text", classes=["execdocs-output-text"])
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
        return table_node(cells, "execdocs-table", stacked=True)

    def _compat_results(self, script: Path, relpath: str) -> dict[str, dict[str, str]] | None:
        """This example's entry of the committed report, release by release: empty when the build has
        no report, None when the report has not seen this version of the script."""
        state = build_state(self.env)
        if state.compat is None or state.compat_path is None:
            return {}
        self.env.note_dependency(str(state.compat_path))
        entry = current_entry(state.compat, relpath, script)
        if entry is None:
            # Checking other releases is a release job (`nox -s compat`), not part of editing; the
            # tests fail until the report is current.
            return None
        return entry["results"]

    def _provenance(self, script: Path, relpath: str, result: RunResult) -> list[nodes.Node]:
        """One quiet line: what ran the example, where the report found the same output, downloads.

        Releases where the output differs or the script fails follow behind a disclosure each.
        """
        language = self.language
        separator = label(language, "list_separator")
        checked = self._compat_results(script, relpath)
        results = checked or {}
        by_status: dict[str, list[str]] = {}
        for version, outcome in results.items():
            if version != result.provenance:  # the release that printed the output above
                by_status.setdefault(outcome["status"], []).append(version)
        parts = [label(language, "ran_with", tensorflow=result.provenance or "-", python=result.python)]
        for status, versions in by_status.items():
            key = {"same": "compat_same_short", "differs": "compat_differs_short", "fails": "compat_fails_short"}
            parts.append(
                label(language, key.get(status, "compat_not_applicable_short"), versions=separator.join(versions))
            )
        meta = nodes.paragraph(classes=["execdocs-meta"])
        meta += nodes.Text(" · ".join(parts) + " · ")
        meta += self._downloads(relpath)
        found: list[nodes.Node] = [meta]
        if checked is None:
            text = label(language, "compat_unchecked")
            found.append(nodes.paragraph("", text, classes=["execdocs-meta", "execdocs-compat-unchecked"]))
        for version, outcome in results.items():
            if outcome["status"] not in ("differs", "fails"):
                continue
            box = disclosure(classes=["execdocs-compat"])
            short = "compat_differs_short" if outcome["status"] == "differs" else "compat_fails_short"
            box += disclosure_summary("", label(language, short, versions=f"TensorFlow {version}"))
            if outcome["status"] == "differs":
                pinned = result.provenance or "-"
                box += nodes.paragraph("", label(language, "compat_diff_explained", version=version, pinned=pinned))
                # The diff's own header names files and "(committed)"/"(this run)"; the sentence
                # above says the same in the reader's words.
                diff_lines = outcome["detail"].rstrip("\n").split("\n")
                diff = "\n".join(text for text in diff_lines if not text.startswith(("---", "+++")))
                box += nodes.literal_block(diff, diff, language="diff", classes=["execdocs-compat-diff"])
            else:
                box += nodes.paragraph("", label(language, "compat_fails", version=version, detail=outcome["detail"]))
            found.append(box)
        return found

    def _downloads(self, relpath: str) -> nodes.Node:
        """Links to the example as a script and as a notebook, both in this page's language."""
        links = nodes.inline(classes=["execdocs-downloads"])
        for suffix, key in ((".py", "download_script"), (".ipynb", "download_notebook")):
            uri = download_uri(relpath, suffix, self.env.docname)
            if len(links):
                links += nodes.Text(label(self.language, "list_separator"))
            links += download_link(
                "", label(self.language, key), refuri=uri, classes=[f"execdocs-download{suffix.replace('.', '-')}"]
            )
        before, _, after = label(self.language, "download_title", links="\0").partition("\0")
        line = nodes.inline()
        line += [nodes.Text(before), links, nodes.Text(after)]
        return line
