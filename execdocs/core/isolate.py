"""Contain one run: namespaces of its own, no privilege over the host, no network, bounded resources.

Linux only, through the kernel's own interface (``unshare(2)``, ``mount(2)``, ``prctl(2)``,
``capset(2)``, seccomp through libseccomp), the steps bubblewrap takes; done here, in the process
that is about to run the example, so that it works the same in a fresh interpreter and in a child
of the warm parent. The example gets:

- its own user namespace, where it is root but maps to an unprivileged id outside: ``nobody``
  (:data:`OUTSIDE_ID`) when the build runs as root, the builder's own id otherwise;
- its own mount namespace, where everything but its own folders is read-only, the builder's
  home is an empty folder (but for the Python the run needs, when it lies there), and ``/proc`` is
  that of its own PID namespace; its own network (no interface up, not even loopback to the
  host), IPC, UTS and cgroup namespaces;
- no capability (effective, permitted, inheritable, ambient nor bounding), ``no_new_privs``, and a
  seccomp filter that refuses the calls that would undo the above (:data:`DENIED`);
- limits on address space, processes and file size (:data:`LIMITS`).

As root it needs nothing more; as another user it needs unprivileged user namespaces (most
distributions allow them). Where they are refused the example runs uncontained and :func:`contain`
says why, for the build to report once.

The process tree of one run::

    run process (the build's, or the warm parent's child; own session)
     └─ init: process 1 of a new PID namespace; mounts made here, then every privilege dropped
         └─ the example (process 2)

The example sees no process outside its namespace, so it can neither stop nor kill the build nor
the warm parent; signals to its parent (the init) are ignored by the kernel. When the example
ends, the init ends, and the kernel kills whatever the example left behind (daemons, new sessions).
Each level dies with the one above it (``PR_SET_PDEATHSIG``), so a killed build leaves nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import pwd
import resource
import signal
import stat
import sys
from collections.abc import Iterable

_CLONE_NEWNS = 0x00020000
_CLONE_NEWCGROUP = 0x02000000
_CLONE_NEWUTS = 0x04000000
_CLONE_NEWIPC = 0x08000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_CLONE_NEWTIME = 0x00000080
_NAMESPACES = _CLONE_NEWUSER | _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS
_NAMESPACES |= _CLONE_NEWCGROUP
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
_PR_CAPBSET_DROP = 24
_PR_SET_NO_NEW_PRIVS = 38
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
# statvfs flags -> the mount flags a remount must keep (a user namespace may not drop them).
_KEPT_FLAGS = {
    os.ST_NOSUID: _MS_NOSUID,
    os.ST_NODEV: _MS_NODEV,
    os.ST_NOEXEC: _MS_NOEXEC,
    os.ST_NOATIME: _MS_NOATIME,
    os.ST_NODIRATIME: _MS_NODIRATIME,
    os.ST_RELATIME: _MS_RELATIME,
}

#: The id outside that root inside the example's user namespace is, when the build runs as root:
#: the kernel's overflow id, ``nobody``, which owns none of the build's files.
OUTSIDE_ID = 65534

#: Calls the example's seccomp filter refuses (EPERM): they would change its mounts, namespaces or
#: the kernel, or reach into another process. Missing capabilities refuse most of them too; the
#: filter also holds where a kernel bug would let one through.
DENIED = (
    # mounts, and the newer mount API
    *("mount", "umount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount", "open_tree"),
    *("fsopen", "fsconfig", "fsmount", "fspick"),
    # namespaces (clone and clone3 below)
    *("unshare", "setns"),
    # other processes' memory and descriptors
    *("ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp"),
    # the kernel: programs, keys, modules, files by handle, events, reboot
    *("bpf", "keyctl", "add_key", "request_key", "open_by_handle_at", "name_to_handle_at"),
    *("perf_event_open", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module"),
    *("userfaultfd", "swapon", "swapoff", "reboot", "acct", "quotactl", "syslog", "iopl", "ioperm"),
    # io_uring runs calls that the filter never sees
    *("io_uring_setup", "io_uring_enter", "io_uring_register"),
)

#: Resource limits of the example, soft and hard (so it cannot raise them again). Measured on two
#: cores, the examples peak at 1.5 GiB of address space and 9 threads; TensorFlow's thread pools
#: grow with the cores, each thread reserving 8 MiB of stack. Outputs and pictures are kilobytes.
LIMITS = {
    resource.RLIMIT_AS: 16 << 30,
    # Processes and threads of this run alone: the kernel counts them in its own user namespace.
    resource.RLIMIT_NPROC: 1024,
    resource.RLIMIT_FSIZE: 64 << 20,
    resource.RLIMIT_CORE: 0,
}


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _call(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _prctl(libc: ctypes.CDLL, option: int, value: int = 0, what: str = "prctl") -> None:
    # Every argument as a full word: the kernel refuses some options whose unused ones are not 0.
    args = [ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)]
    _call(libc.prctl(ctypes.c_int(option), *args), what)


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it ends."""
    if sys.platform == "linux":
        _prctl(_libc(), _PR_SET_PDEATHSIG, signal.SIGKILL)


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


def _write_maps(pid: str, uid: int, gid: int) -> None:
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/{pid}/{name}", "w", encoding="ascii") as stream:
            stream.write(text)


def _enter_namespaces(libc: ctypes.CDLL) -> None:
    """Move this process into new namespaces, as root of its user namespace mapped to an
    unprivileged id outside; the PID namespace takes effect for its children."""
    if os.geteuid() != 0:
        uid, gid = os.geteuid(), os.getegid()
        _call(libc.unshare(_NAMESPACES), "unshare")
        _write_maps("self", uid, gid)  # an unprivileged process may map its own id, and only it
    else:
        # Only a process with CAP_SETUID where the namespace was made may map another id, so a
        # helper left outside maps this one once it has moved.
        os.setgroups([])  # root's supplementary groups would stay with it, unmapped
        moved, told = os.pipe()
        helper = os.fork()
        if helper == 0:
            os.close(told)
            code = 1
            with contextlib.suppress(BaseException):
                if os.read(moved, 1):
                    try:
                        _write_maps(str(os.getppid()), OUTSIDE_ID, OUTSIDE_ID)
                        code = 0
                    except OSError as error:
                        code = error.errno or 1
            os._exit(code)
        os.close(moved)
        try:
            _call(libc.unshare(_NAMESPACES), "unshare")
            os.write(told, b"1")
        finally:
            os.close(told)
            _, status = os.waitpid(helper, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            code = os.waitstatus_to_exitcode(status)
            raise OSError(code, f"mapping root to {OUTSIDE_ID}: {os.strerror(code)}")


def _become_root() -> None:
    """Become root of the new user namespace: the unprivileged id outside, from now on."""
    os.setresgid(0, 0, 0)
    os.setresuid(0, 0, 0)


def _covers(needed: list[str]) -> dict[str, list[str]]:
    """The folders to cover with an empty one, each with the names in it to bind again.

    The builder's home is covered (it may hold secrets), keeping only the entries on the way to a
    path the run needs (the Python it runs on, its script, its own folders); nothing is hidden when
    the run needs the home itself. As root, the run's id outside is ``nobody``, which cannot pass a
    folder without the search bit for others (a checkout in a ``mktemp -d`` folder, ``/root``):
    such a folder on the way to a needed path is covered the same way, so that the run reaches what
    it needs, and only that, whatever the modes above it.
    """
    paths = {os.path.realpath(path or ".") for path in needed}
    covers: dict[str, set[str]] = {}
    try:
        home = os.path.realpath(pwd.getpwuid(os.geteuid()).pw_dir)
    except KeyError:
        home = "/"
    if home != "/" and os.path.isdir(home) and home not in paths:
        covers[home] = set()
    for path in paths:
        parts = path.strip("/").split("/") if path != "/" else []
        for depth, name in enumerate(parts):
            folder = "/" + "/".join(parts[:depth])
            if folder in covers or (os.geteuid() == 0 and not _passable(folder)):
                covers.setdefault(folder, set()).add(name)
    return {folder: sorted(names) for folder, names in covers.items() if folder != "/"}


def _passable(folder: str) -> bool:
    try:
        return bool(os.stat(folder).st_mode & stat.S_IXOTH)
    except OSError:
        return False


def _open(covers: dict[str, list[str]]) -> list[tuple[str, dict[str, int]]]:
    """Descriptors of the entries to bind again in each covered folder, outermost first, opened in
    the new mount namespace but before :func:`_become_root`, while this process may still pass
    through every folder (as root through ``/root``, often of mode 700)."""
    return [
        (folder, {name: os.open(os.path.join(folder, name), os.O_PATH | os.O_CLOEXEC) for name in names})
        for folder, names in sorted(covers.items(), key=lambda item: item[0].count("/"))
    ]


def _cover(libc: ctypes.CDLL, folder: str, entries: dict[str, int]) -> None:
    """Cover ``folder`` with an empty one, where only ``entries`` are bound again."""
    _mount(libc, "tmpfs", folder, "tmpfs", _MS_NOSUID | _MS_NODEV)
    os.chmod(folder, 0o755)
    for name, descriptor in entries.items():
        target = os.path.join(folder, name)
        if os.path.isdir(f"/proc/self/fd/{descriptor}"):
            os.mkdir(target)
        else:
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
        # Through the descriptor: the path itself may not be reachable by this process's id.
        _mount(libc, f"/proc/self/fd/{descriptor}", target, None, _MS_BIND | _MS_REC)
        os.close(descriptor)


def _read_only_but(libc: ctypes.CDLL, writable: list[str], covers: list[tuple[str, dict[str, int]]]) -> list[str]:
    """Cover the folders of ``covers`` (:func:`_covers`), make every mount read-only except
    ``writable``, mount a /proc of this PID namespace; the mount points that could not be changed."""
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
    for folder, entries in covers:
        _cover(libc, folder, entries)
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
    # Without it the host's /proc would show the builder's processes: no run without it.
    try:
        _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    except OSError:
        failed.append("/proc")
    return failed


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_privileges(libc: ctypes.CDLL) -> None:
    """Drop every capability, for good (bounding set too), set no_new_privs, load the filter."""
    for capability in range(64):
        result = libc.prctl(ctypes.c_int(_PR_CAPBSET_DROP), ctypes.c_ulong(capability), *[ctypes.c_ulong(0)] * 3)
        if result != 0 and ctypes.get_errno() == errno.EINVAL:
            break  # past the last capability this kernel knows
        _call(result, f"dropping capability {capability} from the bounding set")
    _prctl(libc, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, "clearing ambient capabilities")
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    _call(libc.capset(ctypes.byref(header), ctypes.byref((_CapData * 2)())), "dropping capabilities")
    _prctl(libc, _PR_SET_NO_NEW_PRIVS, 1, "setting no_new_privs")
    _load_filter()


def _load_filter() -> None:
    """Load the seccomp filter: :data:`DENIED`, and new namespaces through ``clone``."""
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    refuse = seccomp.ERRNO(errno.EPERM)
    for name in DENIED:
        with contextlib.suppress(RuntimeError, OSError):  # a call this libseccomp does not know
            rules.add_rule(refuse, name)
    namespaces = _NAMESPACES | _CLONE_NEWTIME
    for flag in (1 << bit for bit in range(32) if namespaces >> bit & 1):
        rules.add_rule(refuse, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # clone3 passes its flags in memory, where a filter cannot read them: its callers (the C
    # library) fall back to clone when it is missing, as under Docker's default profile.
    with contextlib.suppress(RuntimeError, OSError):
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    rules.load()


def _limit() -> None:
    """Set :data:`LIMITS`, never above a lower limit the run already has (the builder's own)."""
    for limit, value in LIMITS.items():
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(limit, (value, value))


def _probe(libc: ctypes.CDLL) -> str | None:
    """Try the namespaces in a throwaway child first: a half-made user namespace (some systems allow
    the call, then refuse the mappings or mounts) would leave this process unable to run anything."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            _enter_namespaces(libc)
            _become_root()
            init = os.fork()
            if init == 0:  # process 1 of the new PID namespace, which alone can mount its /proc
                try:
                    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
                    _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
                except OSError as error:
                    os.write(write, (error.strerror or str(error)).encode())
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(init, 0)
            os._exit(os.waitstatus_to_exitcode(status))
        except OSError as error:
            os.write(write, (error.strerror or str(error)).encode())
            os._exit(1)
    os.close(write)
    _, status = os.waitpid(child, 0)
    with os.fdopen(read, "rb") as stream:
        why = stream.read().decode(errors="replace")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return None
    return f"no namespaces of their own ({why or 'refused'}); run the build as root, or allow user namespaces"


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


def contain(writable: Iterable[str], readable: Iterable[str] = ()) -> str | None:
    """Move the rest of this run into its own namespaces; returns in the example's process.

    Returns None when contained, or why the example runs uncontained (it then runs in this very
    process). The processes above the example never return from here.
    """
    if sys.platform != "linux":
        return "examples are contained only on Linux"
    try:
        import pyseccomp  # noqa: F401 - loaded here, while every file can still be read
    except (ImportError, RuntimeError) as error:  # RuntimeError: libseccomp is missing
        return f"no seccomp filter ({error}); install libseccomp (Debian's libseccomp2) and pyseccomp"
    folders = [os.path.realpath(folder) for folder in writable]
    libc = _libc()
    reason = _probe(libc)
    if reason is not None:
        return reason
    if os.geteuid() == 0:
        for folder in folders:  # the run's own folders belong to the id it has outside
            os.chown(folder, OUTSIDE_ID, OUTSIDE_ID)
    needed = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.executable, *sys.path, *folders, *readable]
    covers = _covers(needed)
    parent = os.getppid()
    _enter_namespaces(libc)
    opened = _open(covers)
    _become_root()
    die_with_parent()  # again: the kernel forgets it when a process's ids change
    if os.getppid() != parent:
        os._exit(70)  # the parent ended before it was set again
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
        failed = _read_only_but(libc, folders, opened)
        if not failed:
            _drop_privileges(libc)
    except (OSError, RuntimeError) as error:
        failed = [str(error)]
    if failed:
        # Running half-contained would promise what it cannot keep: stop, and say why.
        os.write(2, f"execdocs: could not contain the example: {', '.join(failed[:3])}\n".encode())
        os._exit(71)
    example = os.fork()
    if example == 0:
        os.close(write)
        die_with_parent()
        _limit()
        os.chdir(os.getcwd())  # onto the writable mount of the working folder
        return None
    status = _wait_for(example)
    os.write(write, str(status).encode())
    os._exit(0)  # the kernel now kills every process left in the namespace
