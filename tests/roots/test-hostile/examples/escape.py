# Tries to leave its namespaces or reach another process or the kernel: unshare, setns (into its
# own mount namespace: whether it may join any), clone with new namespaces, ptrace and
# process_vm_readv of its init, keyctl, bpf, open_by_handle_at and io_uring.
import ctypes
import errno
import os
import platform

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWUSER, SIGCHLD = 0x20000, 0x10000000, 17
number = {
    "x86_64": {"clone": 56, "keyctl": 250, "bpf": 321, "open_by_handle_at": 304, "io_uring_setup": 425},
    "aarch64": {"clone": 220, "keyctl": 219, "bpf": 280, "open_by_handle_at": 265, "io_uring_setup": 425},
}
calls = number[platform.machine()]


def raw_clone():
    pid = libc.syscall(ctypes.c_long(calls["clone"]), ctypes.c_ulong(CLONE_NEWUSER | SIGCHLD), None, None, None, None)
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
    return pid


def setns():
    fd = os.open("/proc/self/ns/mnt", os.O_RDONLY)
    try:
        return libc.setns(fd, 0)
    finally:
        os.close(fd)


attempts = {
    "unshare user": lambda: libc.unshare(CLONE_NEWUSER),
    "unshare mount": lambda: libc.unshare(CLONE_NEWNS),
    "setns": setns,
    "clone with a new user namespace": raw_clone,
    "ptrace init": lambda: libc.ptrace(ctypes.c_long(0x4206), 1, None, None),  # PTRACE_SEIZE
    "process_vm_readv init": lambda: libc.process_vm_readv(1, None, 0, None, 0, ctypes.c_ulong(0)),
    "keyctl": lambda: libc.syscall(ctypes.c_long(calls["keyctl"]), 0, -3, 0),  # the session keyring's id
    "bpf": lambda: libc.syscall(ctypes.c_long(calls["bpf"]), 0, None, 0),
    # A file by its handle, past every folder's permissions (the "shocker" escape from containers).
    "open_by_handle_at": lambda: libc.syscall(ctypes.c_long(calls["open_by_handle_at"]), -100, None, 0),
    # io_uring runs reads, writes and connects that no seccomp filter sees.
    "io_uring_setup": lambda: libc.syscall(ctypes.c_long(calls["io_uring_setup"]), 1, None),
}
for name, attempt in attempts.items():
    result = attempt()
    code = ctypes.get_errno()
    print(name + ":", "done" if result >= 0 else f"refused ({errno.errorcode[code]})")
