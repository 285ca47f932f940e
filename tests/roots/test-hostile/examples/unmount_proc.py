# Unmounts the /proc of its PID namespace to see the host's, then looks for the builder's secret
# in every process's environment.
import ctypes
import os
from pathlib import Path

MNT_DETACH = 2
libc = ctypes.CDLL(None, use_errno=True)
for flags, name in ((0, "umount"), (MNT_DETACH, "umount2 MNT_DETACH")):
    if libc.umount2(b"/proc", flags) == 0:
        print(name, "/proc: done")
        break
    print(name, "/proc refused:", os.strerror(ctypes.get_errno()))
pids = sorted(int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
print("processes seen:", pids if len(pids) <= 3 else "more than 3")
found = False
for pid in pids:
    try:
        found = found or b"hostile-mark-secret" in Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        continue
print("the builder's secret:", "found" if found else "not found")
