"""The check step: once every page is read and the runs are done, each use of an example is checked.

An example must have run, raised what ``:raises:`` says and nothing else, print what its
committed ``.out`` holds, and draw what ``:image:`` names; a quote must stand in the output. Each
message is located at its directive or role. A document with an error is marked failed in the
record (:mod:`execdocs.collector`), and the use shows a marker instead of its output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from execdocs.collector import Examples, Use, examples_of, report
from execdocs.core.expected import expected_cap, expected_path, output_diff, read_expected
from execdocs.core.images import image_differences
from execdocs.images import ImageError, render_picture
from execdocs.show import printed_table, short_exception
from execdocs.state import build_state
from execdocs.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from execdocs.core.runner import RunResult
    from execdocs.core.store import ExampleStore

_HINT = "review the change, then run `nox -s update_expected` and commit the result"


def check_examples(app: Sphinx, env: BuildEnvironment) -> None:
    """Wait for the runs the pages read in this build asked for; check each use, in reading order."""
    record = examples_of(env)
    state = build_state(env)
    documents = list(record.unchecked)
    if state.store is None or not documents:
        return
    state.store.wait()
    for docname in documents:
        for use in record.uses.get(docname, []):
            result = state.store.get(state.root / use.relpath)
            if use.kind == "quote":
                _check_quote(env, docname, use, result)
            else:
                _check_example(env, state.store, record, docname, use, result)
        record.unchecked.pop(docname, None)


def quote_in_output(quote: str, output: str) -> bool:
    """Whether ``quote`` stands in ``output`` as a whole piece, not inside a longer name.

    ``var1:0`` is found in ``var1:0\\n`` but not in ``var1:0`` as part of ``xvar1:0`` or of
    ``scope/var1:0``, so a quote cannot pass by matching the tail of another name.
    """
    if not quote:
        return False
    before = r"(?<![\w/.])" if re.match(r"[\w.]", quote) else ""
    after = r"(?![\w])" if re.search(r"\w$", quote) else ""
    return re.search(before + re.escape(quote) + after, output) is not None


def _check_quote(env: BuildEnvironment, docname: str, use: Use, result: RunResult) -> None:
    """The quote must stand in what the script printed."""
    if result.failure is not None:
        message = f"{{output}} role: {use.relpath} failed to run: {result.failure}"
    elif not quote_in_output(use.quote, result.output):
        shown = result.output if len(result.output) < 2000 else result.output[:2000] + "..."
        message = (
            f"the prose quotes {use.quote!r}, but {use.relpath} does not print it; correct the quote to "
            f"what the script prints. Its output:\n{shown}"
        )
    else:
        return
    report(env, docname, message, use.location, Subtype.QUOTE)


def _check_example(
    env: BuildEnvironment, store: ExampleStore, record: Examples, docname: str, use: Use, result: RunResult
) -> None:
    """Check one ``example``: record its run for the render step, or mark it failed."""

    def fail(message: str, subtype: Subtype = Subtype.FAILED) -> None:
        record.failed_uses.setdefault(docname, set()).add(use.key)
        store.failed.add(store.root / use.relpath)
        report(env, docname, message, use.location, subtype)

    def warn(message: str, subtype: Subtype) -> None:
        report(env, docname, message, use.location, subtype, error=False)

    problem = run_problem(result, use.relpath, use.raises)
    if problem:
        fail(problem)
        return
    cap = expected_cap(store.settings)
    for message in expected_differences(store.root / use.relpath, use.relpath, result, store.root, cap):
        warn(message, Subtype.EXPECTED)
    if result.truncated_from is not None:
        warn(
            f"example {use.relpath} printed {result.truncated_from:,} bytes; only the first "
            f"{len(result.output.encode()):,} are shown (execdocs_max_output_bytes)",
            Subtype.TRUNCATED,
        )
    record.records.setdefault(docname, {})[use.relpath] = result
    if use.output == "table" and _missing_table(result, use.cells):
        fail(f"example {use.relpath}: :output: table, but the script printed no '|' table", Subtype.OPTION)
        return
    if use.image:
        for problem in image_differences(store.root / use.relpath, result.images):
            warn(f"the pictures of {use.relpath} differ from the committed ones: {problem}; {_HINT}", Subtype.EXPECTED)
        if use.image not in result.images:
            written = ", ".join(sorted(result.images)) or "none"
            fail(
                f"example {use.relpath} wrote no {use.image} (:image:); it wrote: {written}. Save the picture "
                "into the working folder under that name",
                Subtype.IMAGE,
            )
            return
        try:
            render_picture(result.images[use.image], _language(env), "check-")
        except ImageError as error:
            fail(f"example {use.relpath}: {use.image} cannot be shown: {error}", Subtype.IMAGE)


def _language(env: BuildEnvironment) -> str:
    from execdocs.core.cells import language_of

    return language_of(env.config.language)


def _missing_table(result: RunResult, cells: tuple[int, ...]) -> bool:
    """Whether a shown cell printed text, not a traceback, and no table (``:output: table``)."""
    for number in cells:
        index = number - 1
        text = result.cells[index] if index < len(result.cells) else ""
        raised = result.exception is not None and index == len(result.cells) - 1
        if text and not raised and not printed_table(text):
            return True
    return False


def run_problem(result: RunResult, relpath: str, raises: str) -> str | None:
    """Why ``result`` cannot be shown, as a message that names the script and what to do."""
    stderr = f"\nLast lines of its stderr:\n{result.stderr_tail}" if result.stderr_tail else ""
    if result.failure is not None:
        where = f"{relpath}:{result.failure_line}" if result.failure_line else relpath
        return f"example {where} failed: {result.failure}.{stderr}"
    where = f"{relpath}:{result.exception_line}"
    if result.exception and not raises:
        return (
            f"example {where} raised {result.exception}; fix it, or add "
            f"':raises: {result.exception}' if the error is the point.\n{result.cells[-1]}{stderr}"
        )
    if raises and not result.exception:
        return f"example {relpath} was expected to raise {raises} (:raises:), but it raised nothing"
    if raises and short_exception(result.exception) != short_exception(raises):
        return f"example {where} raised {result.exception}, but :raises: says {raises}.\n{result.cells[-1]}"
    return None


def expected_differences(script: Path, relpath: str, result: RunResult, root: Path, cap: int) -> list[str]:
    """How the output differs from the committed expected output (the doctest); empty if it does not."""
    expected_file = expected_path(script)
    expected, unreadable = read_expected(script, root, cap)
    if unreadable is not None:
        return [f"the committed output of example {relpath} cannot be read: {unreadable}"]
    if expected is None:
        return [f"example {relpath} has no committed expected output ({expected_file.name}); {_HINT}"]
    if expected == result.output:
        return []
    diff = output_diff(expected, result.output, relpath)
    return [f"the output of {relpath} differs from {expected_file.name}; {_HINT}:\n{diff}"]
