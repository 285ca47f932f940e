"""Run example scripts in fresh, isolated processes and collect their cleaned output.

No Sphinx here: the docs build, the doctest and the command line all call :func:`run_example`.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from execdocs.core import warm
from execdocs.core.capture import Capture
from execdocs.core.cells import CellError, read_source, split_cells
from execdocs.core.clean import MachineDetails, MachinePaths, clean_output, find_machine_details
from execdocs.core.files import UntrustedFileError, read_left_file
from execdocs.core.images import ImageError, collect_images
from execdocs.core.protocol import ProtocolError, RunRecord, RunRequest

#: The whole environment every example starts with, together with ``RunSettings.env`` (the project's
#: ``execdocs_env``): nothing of the builder's own environment is passed on (it may hold tokens, user
#: names, paths). Python's output is unbuffered, so that it interleaves with what native code writes
#: in the order it was written; what a library needs (quiet logs, reproducible numbers) is the
#: project's to declare.
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONUNBUFFERED": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONIOENCODING": "utf-8",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "COLUMNS": "100",
}


@dataclass(frozen=True)
class RunSettings:
    """How examples run; every field that can change the output is part of the cache key."""

    python: str = sys.executable
    timeout: float = 120.0
    max_output_bytes: int = 1_000_000
    env: Mapping[str, str] = field(default_factory=dict)
    #: Modules the warm parent imports once, before it forks each run (``execdocs_preload``).
    preload: tuple[str, ...] = ()
    #: The distributions whose version each result records, the first of them that is installed
    #: (``execdocs_provenance``): what the page says the output was made with.
    provenance: tuple[str, ...] = ()
    #: Regular expressions of whole lines to drop from the output (``execdocs_drop_lines``): a
    #: library's log lines, which carry timestamps, process ids and source paths.
    drop_lines: tuple[str, ...] = ()
    #: Fork each run from a warm parent that imported :attr:`preload` once; the output is the same
    #: either way (a test proves it), so this is not part of the fingerprint.
    fork: bool = True
    #: Contain each run in namespaces of its own (:mod:`execdocs.core.isolate`); the output is the
    #: same either way, so this is not part of the fingerprint either.
    contain: bool = True
    #: For a :attr:`python` that cannot import this package (an old Python): a driver of its own,
    #: needing only the standard library, that runs ``SCRIPT RELPATH RECORD_JSON`` whole (see
    #: :mod:`execdocs.core.driver`). The run is still contained, captured and capped by this
    #: package's driver, which starts that interpreter once contained; it is never forked.
    standalone: str = ""

    def fingerprint(self) -> str:
        """A stable text of the settings that change what a run prints: every field but ``fork``
        and ``contain``, with the environment as the run gets it."""
        data = {item.name: getattr(self, item.name) for item in fields(self) if item.name not in ("fork", "contain")}
        data["env"] = dict(sorted({**BASE_ENV, **self.env}.items()))
        return json.dumps(data, sort_keys=True)


@dataclass
class RunResult:
    """What one run of one example produced, cleaned and ready to embed."""

    path: str
    sha256: str
    cells: list[str]
    exception: str | None
    exception_line: int | None
    seconds: float
    #: The version of the first of ``RunSettings.provenance`` installed (None if none is): what the
    #: line under each example names, and a key of the published ``examples.json``.
    provenance: str | None
    python: str
    #: Why the run could not be used (crash, timeout, undecodable output...); None if it ran.
    failure: str | None = None
    #: The failing line inside the script, when the failure is about one.
    failure_line: int | None = None
    stderr_tail: str = ""
    #: How many bytes the script printed, when that was more than the cap.
    truncated_from: int | None = None
    #: The SVG pictures it wrote into its working folder, by file name (see execdocs.images).
    images: dict[str, str] = field(default_factory=dict)
    #: Why the example ran uncontained (see :mod:`execdocs.core.isolate`); None when it was contained.
    isolation: str | None = None

    @property
    def output(self) -> str:
        """The whole output, all cells together: what ``python SCRIPT`` prints."""
        return "".join(self.cells)

    def public_record(self) -> dict[str, object]:
        """What ``examples.json`` publishes: no stderr, which stays in the build log."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "output": self.output,
            "cells": self.cells,
            "exception": self.exception,
            "seconds": self.seconds,
            "provenance": self.provenance,
            "python": self.python,
        }

    def to_json(self) -> dict[str, object]:
        """The record as plain data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> RunResult:
        """Rebuild a record written by :meth:`to_json`."""
        return cls(**data)  # type: ignore[arg-type]


def declared_env(settings: RunSettings) -> dict[str, str]:
    """The environment an example is given: :data:`BASE_ENV` and ``execdocs_env``, nothing else."""
    return {**BASE_ENV, **settings.env}


def run_environment(settings: RunSettings, work: Path | None) -> dict[str, str]:
    """The whole environment of one run whose working folder is ``work``; the one place it is made.

    The declared environment (:func:`declared_env`), the folder of this package on ``PYTHONPATH``
    (for the driver), and ``HOME``, ``TMPDIR`` and ``KERAS_HOME`` inside ``work``. Without ``work``:
    what every run shares, the environment of a warm parent.
    """
    env = declared_env(settings)
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    if work is not None:
        env["KERAS_HOME"] = str(work / ".keras")
        env["TMPDIR"] = env["HOME"] = str(work)
    return env


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_VERSIONS_PROBE = """
import json, sys
try:
    from importlib.metadata import distributions
    found = [(d.metadata["Name"], d.version) for d in distributions()]
except ImportError:  # Python 3.7 and older
    import pkg_resources
    found = [(d.project_name, d.version) for d in pkg_resources.working_set]
versions = {"python": ".".join(map(str, sys.version_info[:3]))}
# Every installed distribution decides some output (numpy's printing, keras under tf-keras...).
versions["distributions"] = sorted("{}=={}".format(name, version).lower() for name, version in found if name)
print(json.dumps(versions))
"""


@functools.cache
def environment_versions(python: str) -> dict[str, Any]:
    """The Python version of the interpreter that runs the examples, and every distribution installed there.

    Read from package metadata, without importing anything.
    """
    out = subprocess.run([python, "-c", _VERSIONS_PROBE], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def provenance_version(settings: RunSettings) -> str | None:
    """The version of the first distribution of ``settings.provenance`` installed for ``settings.python``."""
    pairs = (item.partition("==") for item in environment_versions(settings.python)["distributions"])
    installed = {_normalized(name): version for name, _, version in pairs}
    for name in settings.provenance:
        if _normalized(name) in installed:
            return installed[_normalized(name)]
    return None


def machine_paths(root: Path, python: str, work_dir: Path) -> MachinePaths:
    """The folders an example's output may mention, each with the label the page shows instead.

    Only the example's own working folder, the repository and the interpreter's installation: any
    other folder of this machine (home, temporary folders, the repository's parent) is refused
    by :func:`machine_details`, not relabelled.
    """
    prefixes = {Path(python).absolute().parent.parent, Path(python).resolve().parent.parent}
    pairs = [
        (str(work_dir), "<tmp>"),
        (str(work_dir.resolve()), "<tmp>"),
        (str(root), ""),
        (str(root.resolve()), ""),
        *((str(prefix), "<python>") for prefix in prefixes),
        (sys.prefix, "<python>"),
        (sys.base_prefix, "<python>"),
        # Its packages are named, not located: ``<packages>/tensorflow_core/...``.
        *((str(folder), "<packages>") for prefix in prefixes for folder in prefix.glob("lib/python*/site-packages")),
    ]
    return MachinePaths.of(pairs)


#: Names shorter than this are ordinary words ("vm", "root", "ci") and are not searched for.
MIN_NAME_LENGTH = 6
#: Environment values shorter than this, or made only of letters, are ordinary words too.
MIN_VALUE_LENGTH = 8


def machine_details(root: Path, given: Mapping[str, str]) -> MachineDetails:
    """What of this machine and this builder an output must not hold.

    ``given`` is the environment the example was given: its values may be printed.
    """
    folders = {str(Path.home()), tempfile.gettempdir(), "/tmp", "/var/tmp"}
    for folder in (root, root.resolve()):
        if folder.parent != folder.parent.parent:  # not "/"
            folders.add(str(folder.parent))
    folders.discard("/")
    words = [getpass.getuser(), socket.gethostname(), socket.getfqdn()]
    allowed = {part for value in given.values() for part in {value, *value.split(os.pathsep)}}
    values: dict[str, str] = {}
    for name, value in sorted(os.environ.items()):
        for part in {value, *value.split(os.pathsep)}:
            if len(part) >= MIN_VALUE_LENGTH and not part.isalpha() and part not in allowed:
                values.setdefault(part, name)
    return MachineDetails(
        folders=tuple(sorted(folders)),
        words=tuple(sorted({word for word in words if len(word) >= MIN_NAME_LENGTH})),
        values=tuple((name, part) for part, name in sorted(values.items())),
    )


class FreshRun:
    """One example running in a fresh interpreter."""

    def __init__(
        self,
        command: list[str],
        stdout: int,
        stderr: int,
        work: Path,
        env: dict[str, str],
        pass_fds: tuple[int, ...] = (),
    ) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            cwd=work,
            env=env,
            start_new_session=True,
            pass_fds=pass_fds,
        )

    def wait(self, timeout: float) -> bool:
        """Wait for the run to end; False if it was still running after ``timeout`` seconds."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def kill(self) -> None:
        """Kill the run and everything it started, without waiting."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        """Kill the run and everything it started."""
        self.kill()
        self.process.wait()

    @property
    def returncode(self) -> int:
        """The exit status, negative for a signal."""
        return self.process.returncode

    @property
    def pid(self) -> int:
        """The run's process."""
        return self.process.pid


#: How long the runner waits for output before it looks again whether the run is over, in seconds
#: (where the system cannot tell it at once that the run's process ended).
POLL_INTERVAL = 0.02


def _wait_reading(run: FreshRun | warm.ForkedRun, capture: Capture, timeout: float, start: float) -> bool:
    """Wait for the run like ``run.wait``, meanwhile reading its output as it is written (within the cap).

    Returns early, True, when the run wrote into the pipe of its cell marks (``capture.violation``).
    """
    ended: int | None = None
    with contextlib.suppress(AttributeError, OSError):  # pidfd_open: Linux 5.3 and later
        ended = os.pidfd_open(run.pid)
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                return False
            exited = capture.pump(left if ended is not None else min(POLL_INTERVAL, left), ended)
            if capture.violation is not None:
                return True
            # A forked run's end is known once the warm parent has reaped it and said so.
            if run.wait(min(left, 1.0) if exited else 0):
                return True
    finally:
        if ended is not None:
            os.close(ended)


def _cell_count(source: str) -> int:
    """How many cells the driver marks at most: one for a script it cannot split (its error)."""
    try:
        return len(split_cells(source))
    except (SyntaxError, ValueError, CellError):
        return 1


def _tail(data: bytes | bytearray, lines: int = 20) -> str:
    """The last lines of what a run wrote to standard error."""
    text = data.decode("utf-8", errors="replace")
    return "\n".join(text.rstrip().splitlines()[-lines:])


_ACTIVE: set[FreshRun | warm.ForkedRun] = set()
_ACTIVE_LOCK = threading.Lock()


def stop_all_runs() -> None:
    """Kill every run in progress (the build is interrupted); each reports that it was stopped."""
    with _ACTIVE_LOCK:
        active = list(_ACTIVE)
    for run in active:
        run.kill()


def run_example(script: Path, root: Path, settings: RunSettings) -> RunResult:
    """Run ``script`` once, in a process of its own and an empty temporary working folder."""
    script = script.resolve()
    relpath = script.relative_to(root.resolve()).as_posix()
    result = RunResult(
        path=relpath,
        sha256=sha256_of(script),
        cells=[],
        exception=None,
        exception_line=None,
        seconds=0.0,
        provenance=None,
        python=environment_versions(settings.python)["python"] or "",
    )
    try:
        source = read_source(script)
    except SyntaxError:
        source = ""  # the run reports it, with its line
    work = Path(tempfile.mkdtemp(prefix="execdocs-"))
    private = Path(tempfile.mkdtemp(prefix="execdocs-run-"))
    capture = Capture(settings.max_output_bytes, _cell_count(source))
    try:
        env = run_environment(settings, work)
        record = private / "record.json"
        out, err, marks, acks = capture.child_fds
        forked = settings.fork and not settings.standalone and warm.available() and not warm.needs_fresh_process(source)
        shared = run_environment(settings, None)
        parent = warm.WarmParent.for_env(settings.python, shared, settings.preload) if forked else None
        start = time.perf_counter()
        if parent is not None:
            request = RunRequest(
                script=str(script),
                relpath=relpath,
                record=str(record),
                work=str(work),
                env=env,
                contain=settings.contain,
            )
            try:
                run: FreshRun | warm.ForkedRun = warm.ForkedRun(parent, request, capture.child_fds, settings.timeout)
            except BaseException:
                parent.release()  # it did not answer in time, or ended
                raise
        else:
            driver = sys.executable if settings.standalone else settings.python
            command = [driver, "-m", "execdocs.core.driver", str(script), relpath, str(record)]
            command += [str(marks), str(acks), "contain" if settings.contain else "uncontained"]
            if settings.standalone:
                command += [str(Path(settings.python).absolute()), settings.standalone]
            run = FreshRun(command, out, err, work, env, pass_fds=(marks, acks))
        with _ACTIVE_LOCK:
            _ACTIVE.add(run)
        try:
            finished = _wait_reading(run, capture, settings.timeout, start)
            run.stop()  # stops the script, or what it left running in the background
            capture.finish()  # what it wrote last
        finally:
            capture.close()
            with _ACTIVE_LOCK:
                _ACTIVE.discard(run)
            if parent is not None:
                parent.release()
        if capture.violation is not None:
            result.failure = f"it was stopped: {capture.violation}"
        elif not finished:
            result.failure = (
                f"it did not finish within {settings.timeout:g} s and was stopped; make it "
                "faster, or raise execdocs_timeout in conf.py"
            )
        result.seconds = round(time.perf_counter() - start, 3)
        result.stderr_tail = _tail(capture.stderr)
        if result.failure is None:
            returncode = run.returncode
            assert returncode is not None  # stop() waited for it
            _collect(result, returncode, capture, record, root, settings, work, env)
        if result.failure is None:
            try:
                paths, details = machine_paths(root, settings.python, work), machine_details(root, env)
                guard = functools.partial(find_machine_details, paths=paths, details=details)
                result.images = collect_images(work, start + settings.timeout, guard)
            except ImageError as error:
                result.failure = str(error)
    finally:
        capture.close()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(private, ignore_errors=True)
    return result


#: A run's record holds a few names and lines; more than this is not a record.
MAX_RECORD_BYTES = 1_000_000


def _collect(
    result: RunResult,
    returncode: int,
    capture: Capture,
    record_path: Path,
    root: Path,
    settings: RunSettings,
    work: Path,
    env: Mapping[str, str],
) -> None:
    """Read a finished run's record and output into ``result``."""
    if returncode < 0:
        name = signal.Signals(-returncode).name
        result.failure = f"it was killed by signal {name}"
        return
    if not record_path.exists():
        result.failure = f"it exited with status {returncode} before it finished"
        return
    try:  # the run could write there too: a FIFO or a huge file in its place is refused
        record = RunRecord.from_json(read_left_file(record_path, MAX_RECORD_BYTES))
    except (ProtocolError, UntrustedFileError) as error:
        result.failure = f"it left a damaged record of its run ({error})"
        return
    result.isolation = record.isolation
    if record.cell_error is not None:
        result.failure = record.cell_error.message
        result.failure_line = record.cell_error.line
        return
    if record.exit_code:
        result.failure = f"it called sys.exit({record.exit_code})"
        return
    result.provenance = provenance_version(settings)
    if record.exception is not None:
        result.exception = record.exception.type
        result.exception_line = record.exception.line

    size = capture.stdout_size
    data = bytes(capture.stdout)
    ends = [min(end, len(data)) for end in capture.ends]
    if size > settings.max_output_bytes:
        result.truncated_from = size
        cut = data.rfind(b"\n") + 1
        data = data[:cut]
        ends = [min(end, cut) for end in ends]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        result.failure = (
            f"it printed bytes that are not UTF-8 (the first at byte {error.start} of its "
            "output); print text, or decode bytes before printing them"
        )
        return
    paths = machine_paths(root, settings.python, work)
    # A character printed in two cells (its first bytes in one, the rest in the next) belongs to
    # the cell where it ends, as a terminal would show it.
    for index, end in enumerate(ends):
        while 0 < end < len(data) and data[end] & 0xC0 == 0x80:
            end += 1
        ends[index] = end
    starts = [0, *ends[:-1]]
    raw_cells = [data[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]
    if ends and ends[-1] < len(data):  # output written after the last cell ended
        raw_cells[-1] += data[ends[-1] :].decode("utf-8")
    # The runner's own frames (driver, warm parent) appear in some TensorFlow messages.
    hidden = (*(str(path) for path in Path(__file__).resolve().parent.glob("*.py")), "<frozen runpy>")
    hidden += (settings.standalone,) if settings.standalone else ()
    result.cells = [clean_output(cell, paths, hidden, settings.drop_lines) for cell in raw_cells or [text]]
    leaks = find_machine_details(result.output, paths, machine_details(root, env))
    if leaks:
        result.failure = (
            "its output would show "
            + "; ".join(leaks[:3])
            + ". Print names relative to the repository, and nothing of the machine that builds the site"
        )


#: How long the build's main thread waits for a run before it looks for a signal again.
_SIGNAL_STEP = 0.2


def result_of(future: Future[RunResult]) -> RunResult:
    """The run's result, waited for in short steps.

    Python raises Ctrl-C's KeyboardInterrupt in the main thread, between two steps of its own
    code. The system hands a signal to whichever thread of the build it picks: to a run's thread,
    now and then, and a main thread blocked in a wait with no end would then wait for the run.
    """
    while True:
        try:
            return future.result(timeout=_SIGNAL_STEP)
        except TimeoutError:
            if future.done():  # the run itself ended in a TimeoutError
                raise


def run_examples(
    scripts: Iterable[Path],
    root: Path,
    settings: RunSettings,
    workers: int = 0,
    on_result: Callable[[Path, RunResult], None] | None = None,
) -> dict[Path, RunResult]:
    """Run several examples at once, one process each, on all of the machine's cores.

    ``on_result`` is called with each result as soon as it is there (to store it: a build that is
    killed keeps what finished). An interrupt (Ctrl-C) stops every run at once and is raised again.
    """
    scripts = list(scripts)
    if not scripts:
        return {}
    workers = workers or os.cpu_count() or 1
    results: dict[Path, RunResult] = {}
    pool = ThreadPoolExecutor(max_workers=min(workers, len(scripts)))
    try:
        futures = {pool.submit(run_example, script, root, settings): script for script in scripts}
        pending = set(futures)
        while pending:  # in short steps, as in result_of
            done, pending = wait(pending, timeout=_SIGNAL_STEP, return_when=FIRST_COMPLETED)
            for future in done:
                results[futures[future]] = future.result()
                if on_result is not None:
                    on_result(futures[future], results[futures[future]])
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_all_runs()
        raise
    pool.shutdown()
    return {script: results[script] for script in scripts}
