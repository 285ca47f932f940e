"""The ``example`` directive: a script's code, cell by cell, each with its real output.

The directive reads what can be known from the source: the script, its cells and the options. It
asks for the run, notes what the page depends on, and leaves a placeholder; the check step
(:mod:`execdocs.check`) checks what the script printed once every page is read, and the render
step (:mod:`execdocs.show`) fills the placeholder when the page is written.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from execdocs.collector import report
from execdocs.core.cells import CellError, language_of, parse_line_ranges, read_source, split_cells
from execdocs.core.store import ExampleRefError, committed_files, resolve_example
from execdocs.images import check_image_name
from execdocs.show import failed_marker, placeholder_node
from execdocs.state import build_state
from execdocs.subtypes import Subtype


class ExampleDirective(SphinxDirective):
    """Show an example script and, under each of its cells, what that cell printed."""

    required_arguments = 1
    final_argument_whitespace = True  # a path may hold a space
    # With `:output: table`: a list of the columns' names, one item a column, for the cards a phone
    # shows each row as. Being prose, they are translated with the page.
    has_content = True
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

    def fail(self, message: str, subtype: Subtype = Subtype.FAILED) -> list[nodes.Node]:
        """Log a located error, fail the page, and put a visible marker where the output would be."""
        report(self.env, self.env.docname, message, self.get_location(), subtype)
        return [failed_marker(language_of(self.config.language))]

    def run(self) -> list[nodes.Node]:
        state = build_state(self.env)
        try:
            script = resolve_example(self.arguments[0], state.root)
        except ExampleRefError as error:
            return self.fail(f"example {error}", Subtype.REFERENCE)
        relpath = script.relative_to(state.root).as_posix()
        # The page is read again when the script, its committed output or pictures, or the report change.
        report = [state.compat_path] if state.compat_path is not None and state.compat is not None else []
        for dependency in [*committed_files(script), *report]:
            self.env.note_dependency(str(dependency))
        try:
            source = read_source(script)
            cells = split_cells(source)
        except (SyntaxError, CellError) as error:
            if state.store is not None:
                state.store.failed.add(script)
            line, what = (
                (error.lineno, f"the script is not valid Python: {error.msg}")
                if isinstance(error, SyntaxError)
                else (error.line, str(error))
            )
            return self.fail(f"{relpath}:{line}: {what}")
        try:
            numbers = self._chosen_cells([cell.number for cell in cells])
            selected = parse_line_ranges(self.options["lines"]) if "lines" in self.options else None
            emphasize = parse_line_ranges(self.options.get("emphasize-lines", ""))
        except ValueError as error:
            return self.fail(f"{relpath}: bad option: {error}", Subtype.OPTION)

        image = self.options.get("image", "")
        # What the collector records of this use (:mod:`execdocs.collector`), and what the render
        # step shows (:mod:`execdocs.show`).
        placeholder = placeholder_node(
            key=f"{self.env.docname}#{self.env.new_serialno('execdocs-example')}",
            location=self.get_location(),
            relpath=relpath,
            source=source,
            cells=numbers,
            lines=sorted(selected) if selected is not None else None,
            emphasize=sorted(emphasize),
            raises=self.options.get("raises", ""),
            output=self.options.get("output", "text"),
            code=self.options.get("code", "shown"),
            image=image,
            picture_prefix=f"execdocs-picture-{self.env.new_serialno('execdocs-picture')}-" if image else "",
        )
        self.set_source_info(placeholder)
        if self.content:
            if placeholder["output"] != "table":
                return self.fail(f"{relpath}: only an example with `:output: table` has content (its columns' names)")
            labels = nodes.container(classes=["execdocs-column-names"])
            self.state.nested_parse(self.content, self.content_offset, labels)
            if len(labels) != 1 or not isinstance(labels[0], nodes.bullet_list):
                return self.fail(
                    f"{relpath}: the content of an example is a list of its table's column names, one item each"
                )
        wrapper = nodes.container(classes=["execdocs-example"])
        self.add_name(wrapper)
        wrapper += placeholder
        if self.content:
            wrapper += labels  # read, then taken out, when the placeholder is filled
        if state.store is not None:
            # It runs while the next documents are read; what it printed is checked once every
            # document is read (:mod:`execdocs.check`).
            state.store.submit(script)
        return [wrapper]

    def _chosen_cells(self, numbers: list[int]) -> list[int]:
        """The numbers of the cells ``:cells:`` shows (all without it); a cell the script lacks is an error."""
        if "cells" not in self.options:
            return numbers
        wanted = parse_line_ranges(self.options["cells"])
        missing = sorted(wanted - set(numbers))
        if missing:
            raise ValueError(f":cells: names cell {missing[0]}, but the script has {len(numbers)} cells")
        return [number for number in numbers if number in wanted]
