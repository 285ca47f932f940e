"""Contain one run: its own mount and process namespaces, where all but its own folders is read-only.

Linux only, through the kernel's own interface (``unshare(2)``, ``mount(2)``, ``prctl(2)``), the same
calls util-linux's ``unshare`` and bubblewrap make; done here, in the process that is about to run
the example, so that it works the same in a fresh interpreter and in a child of the warm parent.
As root (CI, containers) it needs nothing more; as another user it needs unprivileged user
namespaces (most distributions allow them). Where neither works the example runs uncontained
and :func:`contain` says why, for the build to report once.

The process tree of one run::

    run process (the build's, or the warm parent's child; own session)
     └─ init: process 1 of a new PID namespace; mounts made read-only here
         └─ the example (process 2)

The example sees no process outside its namespace, so it can neither stop nor kill the build nor
the warm parent; signals to its parent (the init) are ignored by the kernel. When the example
ends, the init ends, and the kernel kills whatever the example left behind (daemons, new sessions).
Each level dies with the one above it (``PR_SET_PDEATHSIG``), so a killed build leaves nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterable

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_MS_RDONLY = 1
_MS_NOSUID = 2
_MS_NODEV = 4
_MS_NOEXEC = 8
_MS_REMOUNT = 32
_MS_NOATIME = 1024
_MS_NODIRATIME = 2048
_MS_BIND = 4096
_MS_REC = 16384
_MS_PRIVATE = 1 << 18
_MS_RELATIME = 1 << 21
_PR_SET_PDEATHSIG = 1
# statvfs flags -> the mount flags a remount must keep (a user namespace may not drop them).
_KEPT_FLAGS = {
    os.ST_NOSUID: _MS_NOSUID,
    os.ST_NODEV: _MS_NODEV,
    os.ST_NOEXEC: _MS_NOEXEC,
    os.ST_NOATIME: _MS_NOATIME,
    os.ST_NODIRATIME: _MS_NODIRATIME,
    os.ST_RELATIME: _MS_RELATIME,
}


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _call(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it ends."""
    if sys.platform == "linux":
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _mount(libc: ctypes.CDLL, source: str | None, target: str, kind: str | None, flags: int) -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    _call(libc.mount(encode(source), encode(target), encode(kind), ctypes.c_ulong(flags), None), f"mount {target}")


def _mount_points() -> list[str]:
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as table:
        for line in table:
            field = line.split()[4]
            for code in ("\\040", "\\011", "\\012", "\\134"):
                field = field.replace(code, chr(int(code[1:], 8)))
            points.append(field)
    return points


def _enter_namespaces(libc: ctypes.CDLL) -> None:
    uid, gid = os.geteuid(), os.getegid()
    flags = _CLONE_NEWNS | _CLONE_NEWPID | (_CLONE_NEWUSER if uid != 0 else 0)
    _call(libc.unshare(flags), "unshare")
    if uid != 0:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w", encoding="ascii") as stream:
                stream.write(text)


def _read_only_but(libc: ctypes.CDLL, writable: list[str]) -> list[str]:
    """Make every mount read-only except ``writable``; the mount points that could not be changed."""
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
    for folder in writable:
        _mount(libc, folder, folder, None, _MS_BIND | _MS_REC)
    failed = []
    for point in _mount_points():
        if point in writable or point == "/proc" or point.startswith("/proc/"):
            continue
        try:
            kept = os.statvfs(point).f_flag
            flags = _MS_BIND | _MS_REMOUNT | _MS_RDONLY
            flags |= sum(mount_flag for st_flag, mount_flag in _KEPT_FLAGS.items() if kept & st_flag)
            _mount(libc, None, point, None, flags)
        except OSError:
            failed.append(point)
    with contextlib.suppress(OSError):  # shared memory of its own, empty
        _mount(libc, "tmpfs", "/dev/shm", "tmpfs", _MS_NOSUID | _MS_NODEV)
    with contextlib.suppress(OSError):  # a /proc that shows only this namespace's processes
        _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    return failed


def _probe(libc: ctypes.CDLL) -> str | None:
    """Try the namespaces in a throwaway child first: a half-made user namespace (some systems allow
    the call, then refuse the mappings or mounts) would leave this process unable to run anything."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            _enter_namespaces(libc)
            _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
        except OSError as error:
            os.write(write, (error.strerror or str(error)).encode())
            os._exit(1)
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(child, 0)
    with os.fdopen(read, "rb") as stream:
        why = stream.read().decode(errors="replace")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return None
    return f"no mount and process namespaces ({why or 'refused'}); run the build as root, or allow user namespaces"


def _wait_for(pid: int) -> int:
    """Reap children until ``pid`` ends; its wait status."""
    while True:
        try:
            ended, status = os.wait()
        except ChildProcessError:
            return 0
        if ended == pid:
            return status


def _end_like(status: int) -> None:
    """End this process the way the process with wait status ``status`` ended."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with contextlib.suppress(OSError, ValueError):
            signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [number])
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


#: Why a run is uncontained when the project turned containment off.
TURNED_OFF = "containment is turned off (execdocs_contain = False)"


def contain(writable: Iterable[str]) -> str | None:
    """Move the rest of this run into its own namespaces; returns in the example's process.

    Returns None when contained, or why the example runs uncontained (it then runs in this very
    process). The processes above the example never return from here.
    """
    if sys.platform != "linux":
        return "examples are contained only on Linux"
    folders = [os.path.realpath(folder) for folder in writable]
    libc = _libc()
    reason = _probe(libc)
    if reason is not None:
        return reason
    _enter_namespaces(libc)
    read, write = os.pipe()
    init = os.fork()
    if init:
        os.close(write)
        status = _wait_for(init)
        reported = os.read(read, 64).decode() or "0"
        _end_like(int(reported) if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 else status)
    # The init of the new namespace.
    os.close(read)
    try:
        die_with_parent()
        failed = _read_only_but(libc, folders)
    except OSError as error:
        failed = [str(error)]
    if failed:
        # Running half-contained would promise what it cannot keep: stop, and say why.
        os.write(2, f"execdocs: could not make {', '.join(failed[:3])} read-only\n".encode())
        os._exit(71)
    example = os.fork()
    if example == 0:
        os.close(write)
        die_with_parent()
        os.chdir(os.getcwd())  # onto the writable mount of the working folder
        return None
    status = _wait_for(example)
    os.write(write, str(status).encode())
    os._exit(0)  # the kernel now kills every process left in the namespace
