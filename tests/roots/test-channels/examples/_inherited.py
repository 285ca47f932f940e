"""The descriptors this process inherited beyond standard input, output and error."""

import fcntl
import os


def inherited(writable: bool) -> list[int]:
    """Inherited descriptors above 2, those open for writing or those open for reading."""
    found = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        except OSError:
            continue  # the descriptor of the listing itself, closed by now
        if fd > 2 and (mode != os.O_RDONLY if writable else mode != os.O_WRONLY):
            found.append(fd)
    return found
