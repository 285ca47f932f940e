"""The child side of a run: execute one script cell by cell and tell where each cell's output ends.

Run as ``python -m execdocs.core.driver SCRIPT RELPATH RESULT_JSON MARKS ACKS [contain|uncontained]``,
where MARKS and ACKS are inherited descriptors of the pipes that tell where each cell's output ends
(:mod:`execdocs.core.capture`). It imports nothing from Sphinx, so that it starts as fast as the
script itself allows.

With ``PYTHON STANDALONE`` after these, the script runs under another interpreter that cannot
import this package (an old Python): once the run is contained, that interpreter runs the
standalone driver ``STANDALONE SCRIPT RELPATH RECORD_JSON``, which needs only the standard library,
runs the script whole (one cell) and writes a :class:`RunRecord` without ``isolation``.
"""

from __future__ import annotations

import ast
import builtins
import importlib.machinery
import io
import linecache
import os
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from execdocs.core.capture import ChannelLost, cell_marker
from execdocs.core.cells import CellError, cell_statements, read_source, split_cells
from execdocs.core.isolate import TURNED_OFF, contain, die_with_parent
from execdocs.core.protocol import CellFailure, ProtocolError, Raised, RunRecord


def _frames_inside(tb: TracebackType | None, relpath: str) -> TracebackType | None:
    """A copy of the traceback chain ``tb`` with only the frames of the example."""
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == relpath:
            kept.append(tb)
        tb = tb.tb_next
    trimmed = None
    for frame in reversed(kept):
        trimmed = TracebackType(trimmed, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return trimmed


def format_exception(error: BaseException, relpath: str) -> str:
    """Format ``error`` as Python prints it, trimmed to the frames inside the example.

    Python's own printer is used, not the traceback module: on 3.11 only the former adds the
    "Did you mean: ...?" hint that a reader sees when running the script by hand.
    """
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = _frames_inside(current.__traceback__, relpath)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    buffer, saved = io.StringIO(), sys.stderr
    sys.stderr = buffer
    try:
        sys.__excepthook__(type(error), error, error.__traceback__)
    finally:
        sys.stderr = saved
    return buffer.getvalue()


def _qualified_name(error: BaseException) -> str:
    cls = type(error)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _as_main(script: Path, relpath: str) -> dict[str, object]:
    """Make a module ``__main__`` for ``script``, as ``python SCRIPT`` would; its namespace.

    What the script defines then belongs to ``sys.modules["__main__"]``: pickle finds its classes,
    and a ``multiprocessing`` pool (forked, or spawned: the new interpreter runs the file again as
    ``__mp_main__``) finds its functions.
    """
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", str(script))
    main.__cached__ = None  # type: ignore[attr-defined]
    main.__builtins__ = builtins  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    sys.argv = [relpath]
    sys.path[0] = str(script.parent)
    return main.__dict__


def run_script(script: Path, relpath: str, cell_ended: Callable[[], None]) -> RunRecord:
    """Execute ``script`` in this process as ``__main__``, calling ``cell_ended`` after each cell; return
    how it ended.

    Before each call, everything the cell printed has been written to the file descriptors (output
    that C++ code writes straight to them lands in order too), so the reader can tell where the
    cell's output ends (:mod:`execdocs.core.capture`).
    """
    namespace = _as_main(script, relpath)
    try:
        source = read_source(script)
    except SyntaxError as error:
        return RunRecord(cell_error=CellFailure(str(error.msg), error.lineno))
    linecache.cache[relpath] = (len(source), None, source.splitlines(True), relpath)

    def mark_end() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        cell_ended()

    try:
        tree = ast.parse(source, filename=relpath)
        cells = split_cells(source, tree)
    except SyntaxError as error:
        print(format_exception(error, relpath), end="")
        try:
            mark_end()
        except ChannelLost as lost:
            return RunRecord(cell_error=CellFailure(str(lost), error.lineno))
        return RunRecord(exception=Raised("SyntaxError", error.lineno))
    except CellError as error:
        return RunRecord(cell_error=CellFailure(str(error), error.line))

    exit_code, raised = 0, None
    for cell in cells:
        statements = cell_statements(tree, cell)
        module = ast.Module(body=statements, type_ignores=[])
        try:
            try:
                exec(compile(module, relpath, "exec"), namespace)
            except SystemExit as stop:
                code = stop.code
                exit_code = code if isinstance(code, int) else (0 if code is None else 1)
                if code is not None and not isinstance(code, int):
                    print(code, file=sys.stderr)
                mark_end()
                break
            except BaseException as error:
                sys.stdout.flush()
                print(format_exception(error, relpath), end="")
                tb: TracebackType | None = error.__traceback__
                line = None
                while tb is not None:
                    if tb.tb_frame.f_code.co_filename == relpath:
                        line = tb.tb_lineno
                    tb = tb.tb_next
                raised = Raised(_qualified_name(error), line)
                mark_end()
                break
            mark_end()
        except ChannelLost as lost:
            first = statements[0].lineno if statements else cell.first_line
            return RunRecord(cell_error=CellFailure(f"in the cell from line {first}, {lost}", first))
    return RunRecord(exception=raised, exit_code=exit_code)


def interpreter_folders(python: str) -> list[str]:
    """The installation of ``python``, as named and as linked (a virtual environment and its base)."""
    return sorted({str(Path(python).absolute().parent.parent), str(Path(python).resolve().parent.parent)})


def run_standalone(python: str, standalone: str, script: Path, relpath: str, folder: Path) -> RunRecord:
    """Run ``script`` whole under ``python`` through the standalone driver; how it ended.

    Its output goes where this process's goes; ``folder`` (writable) receives its record. Without
    a record, this process ends as that interpreter ended, and the runner says so.
    """
    record = folder / "standalone.json"
    command = [python, standalone, str(script), relpath, str(record)]
    ended = subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode
    try:
        return RunRecord.from_json(record.read_bytes())
    except (OSError, ProtocolError):
        sys.stdout.flush()
        if ended < 0:
            os.kill(os.getpid(), -ended)
        os._exit(ended or 1)


def main(argv: list[str]) -> int:
    """Run the script named on the command line and write the result record as JSON."""
    script, relpath, result_path = Path(argv[1]), argv[2], Path(argv[3])
    cell_ended = cell_marker(int(argv[4]), int(argv[5]))
    die_with_parent()
    contained = len(argv) < 7 or argv[6] == "contain"
    standalone = argv[7:9]  # another interpreter, and its driver
    readable = [str(script), *standalone[1:], *(interpreter_folders(standalone[0]) if standalone else [])]
    isolation = contain([os.getcwd(), str(result_path.parent)], readable) if contained else TURNED_OFF
    if standalone:
        python, driver = standalone
        record = replace(run_standalone(python, driver, script, relpath, result_path.parent), isolation=isolation)
        cell_ended()  # the whole output is one cell
    else:
        record = replace(run_script(script, relpath, cell_ended), isolation=isolation)
    sys.stdout.flush()
    result_path.write_text(record.to_json(), encoding="utf-8")
    # Skip interpreter teardown: TensorFlow's can take seconds and print to stderr.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
