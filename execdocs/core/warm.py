"""Forked runs: every example in its own process, forked from a parent that imported TensorFlow once.

A fresh interpreter that imports TensorFlow costs seconds; a child forked from a warm parent costs a
fraction of that. The warm parent (``python -m execdocs.core.warm MODULE...``) imports the modules it is
given (the project's ``execdocs_preload``), then forks
one child per request and reports how each ended. Every child starts from the same untouched state,
so nothing an example does (graph or eager mode, globals, environment) reaches another one.

The standard library's forkserver was the first choice, but it runs the parent's ``__main__`` again
in every child, which no build tool here can promise to be safe; this parent is small and runs only
what it is sent.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO, ClassVar

from execdocs.core.capture import PIPES
from execdocs.core.protocol import (
    Exited,
    Forked,
    ProtocolError,
    Ready,
    RunRequest,
    reply_from_wire,
    reply_to_wire,
)

#: How long a killed child's exit may take to be reported, in seconds.
STOP_GRACE = 10.0

#: Warm parents kept at once (each holds TensorFlow, about half a gigabyte); the least recently used
#: idle one is closed to make room for another.
MAX_PARENTS = 2

# Environment read while a preloaded module is imported cannot change in a child that inherits it.
_SETS_ENVIRONMENT = re.compile(r"\bos\.(?:environ\b|putenv\b)")


def needs_fresh_process(source: str) -> bool:
    """Whether a script must run in a fresh interpreter: it sets environment variables."""
    return _SETS_ENVIRONMENT.search(source) is not None


def available() -> bool:
    """Whether this platform can fork."""
    return hasattr(os, "fork") and sys.platform != "win32"


# -- The warm parent (runs in its own process) ---------------------------------------------------


def _run_child(request: RunRequest, pipes: list[int], requests: socket.socket, own: tuple[int, ...]) -> None:
    """In the forked child: take the run's pipes, folder and environment, then run the script.

    ``own``: the parent's own descriptors, closed here, so that the example inherits what a fresh
    run does and cannot read or fill the pipe that wakes the parent when a child ends.
    """
    from execdocs.core.capture import cell_marker
    from execdocs.core.driver import run_script
    from execdocs.core.isolate import TURNED_OFF, contain, die_with_parent

    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()  # its own process group, so a timeout stops whatever it starts
    requests.close()
    for fd in own:
        os.close(fd)
    out, err, marks, acks = pipes
    nothing = os.open(os.devnull, os.O_RDONLY)
    for source, fd in ((nothing, 0), (out, 1), (err, 2)):
        if source != fd:  # the socket was descriptor 0: /dev/null may have taken its place
            os.dup2(source, fd)
            os.close(source)
    # The streams a fresh `python` gets with PYTHONUNBUFFERED=1 and PYTHONIOENCODING=utf-8.
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
    )
    os.chdir(request.work)
    os.environ.clear()
    os.environ.update(request.env)
    import tempfile

    tempfile.tempdir = None  # found again from TMPDIR, as a fresh interpreter would
    cell_ended = cell_marker(marks, acks)
    die_with_parent()
    isolation = (
        contain([request.work, str(Path(request.record).parent)], [request.script]) if request.contain else TURNED_OFF
    )
    record = replace(run_script(Path(request.script), request.relpath, cell_ended), isolation=isolation)
    sys.stdout.flush()
    Path(request.record).write_text(record.to_json(), encoding="utf-8")
    os._exit(0)


def serve(preload: list[str]) -> None:
    """Import the ``preload`` modules, then fork a child for each request read from stdin.

    Standard input is a socket (of type ``SOCK_SEQPACKET``): each message is one request, and
    carries the run's pipes (:data:`execdocs.core.capture.PIPES`) as descriptors.
    """
    import importlib

    import execdocs.core.driver  # noqa: F401 - forked children find it imported

    for name in preload:
        with contextlib.suppress(ImportError):  # examples that need it will say so themselves
            importlib.import_module(name)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_write)
    replies = sys.stdout
    replies.write(reply_to_wire(Ready()))
    replies.flush()
    requests = socket.socket(fileno=sys.stdin.fileno())
    children: set[int] = set()
    while True:
        ready, _, _ = select.select([requests.fileno(), wake_read], [], [])
        if wake_read in ready:
            os.read(wake_read, 512)
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            children.discard(pid)
            replies.write(reply_to_wire(Exited(pid, os.waitstatus_to_exitcode(status))))
        if requests.fileno() in ready:
            message, pipes, _, _ = socket.recv_fds(requests, 1 << 20, len(PIPES))
            if not message:  # the build closed us, or ended: nothing it started may outlive it
                for child in children:
                    for kill in (os.killpg, os.kill):
                        with contextlib.suppress(OSError):
                            kill(child, signal.SIGKILL)
                replies.flush()
                os._exit(0)  # no interpreter teardown: TensorFlow's can hang
            request = RunRequest.from_wire(message)
            if len(pipes) != len(PIPES):
                raise ProtocolError(f"a request came with {len(pipes)} descriptors, not {len(PIPES)}")
            pid = os.fork()
            if pid == 0:
                try:
                    _run_child(request, pipes, requests, (wake_read, wake_write))
                finally:
                    os._exit(70)
            for fd in pipes:
                os.close(fd)
            children.add(pid)
            replies.write(reply_to_wire(Forked(request.id, pid)))
        replies.flush()


# -- The client (runs in the build) --------------------------------------------------------------


class WarmParent:
    """A running warm parent and the runs it is forking; one per interpreter and environment."""

    _parents: ClassVar[dict[tuple[str, str, tuple[str, ...]], WarmParent]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def for_env(cls, python: str, env: Mapping[str, str], preload: tuple[str, ...] = ()) -> WarmParent | None:
        """The warm parent for ``python`` under ``env`` that preloads ``preload``, started on first use and
        marked busy. ``env`` is what every run shares (``runner.run_environment`` without a folder); each
        request brings the whole environment of its run.

        None when :data:`MAX_PARENTS` are running and all are busy: the run goes to a fresh
        interpreter then. Hand the parent back with :meth:`release` when the run is over.
        """
        start_env = dict(env)
        key = (python, json.dumps(start_env, sort_keys=True), preload)
        with cls._lock:
            parent = cls._parents.pop(key, None)
            if parent is None or not parent._alive:
                idle = [k for k, p in cls._parents.items() if p.busy == 0]
                while len(cls._parents) >= MAX_PARENTS and idle:
                    cls._parents.pop(idle.pop(0)).close()
                if len(cls._parents) >= MAX_PARENTS:
                    return None
                parent = cls(python, start_env, preload)
            cls._parents[key] = parent  # most recently used last
            parent.busy += 1
            return parent

    def release(self) -> None:
        """A run that used this parent is over."""
        with self._lock:
            self.busy -= 1

    @classmethod
    def close_all(cls) -> None:
        """Stop every warm parent (the end of a build, or of this process)."""
        with cls._lock:
            parents = list(cls._parents.values())
            cls._parents.clear()
        for parent in parents:
            parent.close()

    @classmethod
    def running(cls) -> int:
        """How many warm parents are running."""
        return len(cls._parents)

    def close(self) -> None:
        """Stop the parent: it kills what it still runs, then exits when its input closes."""
        with contextlib.suppress(OSError):
            self.requests.shutdown(socket.SHUT_RDWR)
            self.requests.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __init__(self, python: str, env: dict[str, str], preload: tuple[str, ...] = ()) -> None:
        self.requests, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [python, "-m", "execdocs.core.warm", *preload],
            stdin=theirs.fileno(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            bufsize=1,
        )
        theirs.close()
        assert self.process.stdout is not None
        self.replies: IO[str] = self.process.stdout
        first = self.replies.readline()
        if not first or reply_from_wire(first) != Ready():
            raise RuntimeError("the warm parent (python -m execdocs.core.warm) did not start")
        self._write_lock = threading.Lock()
        self._state = threading.Condition()
        self._pids: dict[int, int] = {}
        self._exits: dict[int, int] = {}
        self._next_id = 0
        self._alive = True
        self.busy = 0
        threading.Thread(target=self._read_replies, daemon=True).start()

    def _read_replies(self) -> None:
        for line in self.replies:
            reply = reply_from_wire(line)
            with self._state:
                if isinstance(reply, Forked):
                    self._pids[reply.id] = reply.pid
                elif isinstance(reply, Exited):
                    self._exits[reply.pid] = reply.exit
                self._state.notify_all()
        with self._state:
            self._alive = False
            self._state.notify_all()

    def fork(self, request: RunRequest, pipes: tuple[int, ...], timeout: float) -> int:
        """Have the parent fork a child for ``request`` with ``pipes``; return the child's pid.

        Raises RuntimeError when the parent does not answer within ``timeout`` seconds.
        """
        with self._write_lock:
            self._next_id += 1
            number = self._next_id
            try:
                socket.send_fds(self.requests, [replace(request, id=number).to_wire().encode()], list(pipes))
            except OSError:
                raise RuntimeError("the warm parent (python -m execdocs.core.warm) stopped") from None
        with self._state:
            self._state.wait_for(lambda: number in self._pids or not self._alive, timeout)
            if number not in self._pids:
                raise RuntimeError("the warm parent (python -m execdocs.core.warm) stopped")
            return self._pids.pop(number)

    def wait(self, pid: int, timeout: float | None, last: bool = False) -> int | None:
        """The child's exit status (negative for a signal), or None if it still runs after ``timeout``.

        ``last``: nobody asks again, so the status is forgotten.
        """
        with self._state:
            self._state.wait_for(lambda: pid in self._exits or not self._alive, timeout)
            if pid in self._exits:
                return self._exits.pop(pid) if last else self._exits.get(pid)
            return None if self._alive else -signal.SIGKILL


class ForkedRun:
    """One example running in a child of the warm parent."""

    def __init__(self, parent: WarmParent, request: RunRequest, pipes: tuple[int, ...], timeout: float) -> None:
        self.parent = parent
        self.pid = parent.fork(request, pipes, timeout)

    def wait(self, timeout: float) -> bool:
        """Wait for the run to end; False if it was still running after ``timeout`` seconds."""
        return self.parent.wait(self.pid, timeout) is not None

    def kill(self) -> None:
        """Kill the run and everything it started, without waiting."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)

    def stop(self) -> None:
        """Kill the run and everything it started."""
        self.kill()
        # A killed child is reaped and reported at once; a parent that cannot say so any more (it
        # was stopped) must not hold the run past its end.
        status = self.parent.wait(self.pid, STOP_GRACE, last=True)
        self.returncode = -signal.SIGKILL if status is None else status


atexit.register(WarmParent.close_all)

if __name__ == "__main__":
    serve(sys.argv[1:])
