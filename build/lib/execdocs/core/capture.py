"""A run's standard output and error, read through pipes as they are written, within a cap.

The child writes into pipes, never into files: this side reads them as the bytes arrive and keeps
only what can be shown, the first ``max_output_bytes`` of standard output and the last
:data:`STDERR_KEPT` bytes of standard error, counting the rest. So an example that prints
gigabytes costs neither disk nor memory: at no moment is more held than the cap, plus one pipe's
buffer and one read. The pipes have no name in any folder, so no other run can write into them;
the child gets their ends as inherited descriptors (a fresh run) or over a socket (a run forked by
the warm parent, :mod:`execdocs.core.warm`).

Where each cell's output ends cannot be read from a pipe's offset as from a file's: at the end of
each cell the child writes one byte into a third pipe (``marks``) and waits for one byte back
(``acks``). Before answering, this side reads every byte standard output holds at that moment:
all the cell printed, since the child flushed it before it wrote the mark.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import termios
from collections.abc import Callable

#: How much of the end of stderr is kept: the build shows its last lines when a run fails.
STDERR_KEPT = 64 * 1024
#: The most one read takes from a pipe.
CHUNK = 64 * 1024
#: The pipes of one run, by name: the child writes the first three and reads the last.
PIPES = ("out", "err", "marks", "acks")
#: Which end of each pipe the child gets: 1 (write) for what it writes, 0 (read) for ``acks``.
_CHILD_END = {"out": 1, "err": 1, "marks": 1, "acks": 0}


class Capture:
    """The pipes of one run and what was kept of what came through them."""

    def __init__(self, max_output_bytes: int) -> None:
        pipes = {name: os.pipe() for name in PIPES}
        #: The child's ends, in the order of :data:`PIPES`; this side keeps them open too, so that a
        #: pipe never reads as ended, until :meth:`close`.
        self.child_fds = tuple(pipes[name][_CHILD_END[name]] for name in PIPES)
        self._fds = {name: pipes[name][1 - _CHILD_END[name]] for name in PIPES}
        for name in ("out", "err", "marks"):
            os.set_blocking(self._fds[name], False)
        self.limit = max_output_bytes
        self.stdout = bytearray()
        #: How many bytes the run printed to standard output, kept or not.
        self.stdout_size = 0
        self.stderr = bytearray()
        #: The offset in standard output where each cell's output ends.
        self.ends: list[int] = []
        #: The most bytes held at once (both streams): what the cap promises to bound.
        self.peak = 0

    def _read(self, name: str, most: int, keep: Callable[[bytes], None]) -> int:
        """Read up to ``most`` bytes that ``name`` holds now, handing each chunk to ``keep``."""
        taken = 0
        while taken < most:
            try:
                chunk = os.read(self._fds[name], min(CHUNK, most - taken))
            except BlockingIOError:
                break
            if not chunk:
                break
            taken += len(chunk)
            keep(chunk)
            self.peak = max(self.peak, len(self.stdout) + len(self.stderr))
        return taken

    def _keep_stdout(self, chunk: bytes) -> None:
        room = self.limit - len(self.stdout)
        if room > 0:
            self.stdout += chunk[:room]
        self.stdout_size += len(chunk)

    def _keep_stderr(self, chunk: bytes) -> None:
        self.stderr += chunk
        del self.stderr[:-STDERR_KEPT]

    def _waiting(self, name: str) -> int:
        """How many bytes pipe ``name`` holds."""
        return struct.unpack("i", fcntl.ioctl(self._fds[name], termios.FIONREAD, b"\0\0\0\0"))[0]

    def _cell_ended(self, chunk: bytes) -> None:
        for _ in chunk:
            self._read("out", self._waiting("out"), self._keep_stdout)
            self.ends.append(self.stdout_size)
            os.write(self._fds["acks"], b"\n")

    def pump(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for bytes, then take everything the pipes hold."""
        wanted = [self._fds["out"], self._fds["err"], self._fds["marks"]]
        ready, _, _ = select.select(wanted, [], [], timeout)
        if ready:
            self.drain()

    def drain(self) -> None:
        """Take everything the pipes hold now."""
        # What each holds now, not more: a script that never stops printing must not keep this
        # side from checking its time.
        self._read("out", self._waiting("out"), self._keep_stdout)
        self._read("err", self._waiting("err"), self._keep_stderr)
        self._read("marks", self._waiting("marks"), self._cell_ended)

    def close(self) -> None:
        """Close both ends of every pipe (again: nothing)."""
        fds, self._fds, self.child_fds = (*self._fds.values(), *self.child_fds), {}, ()
        for fd in fds:
            os.close(fd)


def cell_marker(marks: int, acks: int) -> Callable[[], None]:
    """In the child: the call that tells the reader a cell's output ends here, and waits until it knows."""

    def cell_ended() -> None:
        os.write(marks, b"\n")
        os.read(acks, 1)

    return cell_ended
