"""A run's standard output and error, read through pipes as they are written, within a cap.

The child writes into pipes, never into files: this side reads them as the bytes arrive and keeps
only what can be shown, the first ``max_output_bytes`` of standard output and the last
:data:`STDERR_KEPT` bytes of standard error, counting the rest. So an example that prints
gigabytes costs neither disk nor memory: at no moment is more held than the cap, plus one pipe's
buffer and one read. The pipes have no name in any folder, so no other run can write into them;
the child gets their ends as inherited descriptors (a fresh run) or over a socket (a run forked by
the warm parent, :mod:`execdocs.core.warm`).

Where each cell's output ends cannot be read from a pipe's offset as from a file's: at the end of
cell N the child writes the line ``N`` into a third pipe (``marks``) and waits for one byte back
(``acks``). Before answering, this side reads every byte standard output holds at that moment:
all the cell printed, since the child flushed it before it wrote the mark.

The example runs in the child's process and can write into any descriptor it holds, so what comes
through these pipes is untrusted: this side never blocks on a pipe (every one of its ends is
non-blocking, and the run's deadline is part of the one wait, :meth:`Capture.pump`), holds a
bounded amount of each, and takes a mark only if it is the next cell's number. Anything else in
the marks pipe is a :attr:`Capture.violation`: the run is stopped and fails, saying why, rather
than show a cell's lines under another cell or not at all.
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
#: The longest mark: a cell's number in decimal digits, then a newline.
MARK_MAX = 12
#: What the runner tells the example's author when something else wrote into the marks pipe.
_LEAVE_ALONE = (
    "the runner's pipe of cell marks (an inherited descriptor other than 0, 1 and 2) received {what}; "
    "an example must not write into descriptors it did not open itself"
)

_LOST = (
    "the script closed or replaced descriptor {fd}, which the runner reads to tell where each cell's "
    "output ends; an example must not close or replace descriptors it did not open itself"
)


class ChannelLost(OSError):
    """In the child: the script closed or replaced a descriptor of the cell marks."""


class Capture:
    """The pipes of one run and what was kept of what came through them."""

    def __init__(self, max_output_bytes: int, cells: int) -> None:
        """``cells``: how many cells the script has, so the most marks a run can send."""
        pipes = {name: os.pipe() for name in PIPES}
        #: The child's ends, in the order of :data:`PIPES`; this side keeps them open too, so that a
        #: pipe never reads as ended (nor an answer raises), until :meth:`close`.
        self.child_fds = tuple(pipes[name][_CHILD_END[name]] for name in PIPES)
        self._fds = {name: pipes[name][1 - _CHILD_END[name]] for name in PIPES}
        for fd in self._fds.values():
            os.set_blocking(fd, False)
        self.limit = max_output_bytes
        self.cells = cells
        self.stdout = bytearray()
        #: How many bytes the run printed to standard output, kept or not.
        self.stdout_size = 0
        self.stderr = bytearray()
        #: The offset in standard output where each cell's output ends.
        self.ends: list[int] = []
        #: The most bytes held at once (both streams): what the cap promises to bound.
        self.peak = 0
        #: Why the marks pipe cannot be trusted any more (something but the runner wrote into it).
        self.violation: str | None = None
        self._mark = bytearray()

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

    def _refuse(self, what: str) -> None:
        if self.violation is None:
            self.violation = _LEAVE_ALONE.format(what=what)

    def _take_marks(self, chunk: bytes) -> None:
        """Take the marks in ``chunk``: each must be the next cell's number, on a line of its own."""
        if self.violation is not None:
            return  # read and dropped, so that a writer never fills the pipe
        self._mark += chunk
        while self.violation is None and b"\n" in self._mark:
            line, _, rest = bytes(self._mark).partition(b"\n")
            self._mark[:] = rest
            expected = len(self.ends) + 1
            if line != str(expected).encode() or expected > self.cells:
                self._refuse(f"{line[:MARK_MAX]!r} where the mark of cell {expected} was due")
                break
            self._read("out", self._waiting("out"), self._keep_stdout)
            self.ends.append(self.stdout_size)
            try:
                os.write(self._fds["acks"], b"\n")
            except BlockingIOError:  # only the runner's answers could fill it: someone else wrote there
                self._refuse("marks faster than the answers to them were read")
        if len(self._mark) > MARK_MAX:
            self._refuse(f"{bytes(self._mark[:MARK_MAX])!r}... with no end of line")
        if self.violation is not None:
            self._mark.clear()

    def pump(self, timeout: float, ended: int | None = None) -> bool:
        """Wait up to ``timeout`` seconds for bytes, then take what the pipes hold; never blocks longer.

        ``ended``: a descriptor that becomes readable when the run ends (a pidfd), to stop waiting
        then; returns whether it did.
        """
        wanted = [self._fds["out"], self._fds["err"], self._fds["marks"]]
        ready, _, _ = select.select([*wanted, *([] if ended is None else [ended])], [], [], timeout)
        if ready:
            self.drain()
        return ended is not None and ended in ready

    def drain(self) -> None:
        """Take everything the pipes hold now."""
        # What each holds now, not more: a script that never stops printing must not keep this
        # side from checking its time.
        self._read("out", self._waiting("out"), self._keep_stdout)
        self._read("err", self._waiting("err"), self._keep_stderr)
        self._read("marks", self._waiting("marks"), self._take_marks)

    def finish(self) -> None:
        """The run is over: a mark left without its end of line was not the runner's."""
        self.drain()
        if self._mark:
            self._refuse(f"{bytes(self._mark[:MARK_MAX])!r} with no end of line")

    def close(self) -> None:
        """Close both ends of every pipe (again: nothing)."""
        fds, self._fds, self.child_fds = (*self._fds.values(), *self.child_fds), {}, ()
        for fd in fds:
            os.close(fd)


def cell_marker(marks: int, acks: int) -> Callable[[], None]:
    """In the child: the call that tells the reader a cell's output ends here, and waits until it knows.

    Raises :class:`ChannelLost` when the script closed or replaced either descriptor (the mark would
    go elsewhere, or the answer never come).
    """
    identity = {fd: _identity(fd) for fd in (marks, acks)}
    count = 0

    def cell_ended() -> None:
        nonlocal count
        for fd, expected in identity.items():
            if _identity(fd) != expected:
                raise ChannelLost(_LOST.format(fd=fd))
        count += 1
        os.write(marks, b"%d\n" % count)
        while True:
            # The script may have made the pipe non-blocking (the flag is the pipe's, not this
            # descriptor's): wait for the answer instead of failing on its absence.
            select.select([acks], [], [])
            try:
                if os.read(acks, 1):
                    return
            except BlockingIOError:
                continue
            raise ChannelLost(_LOST.format(fd=acks))

    return cell_ended


def _identity(fd: int) -> tuple[int, int] | None:
    """Which pipe ``fd`` is (device and inode), None when it is closed."""
    try:
        status = os.fstat(fd)
    except OSError:
        return None
    return status.st_dev, status.st_ino
