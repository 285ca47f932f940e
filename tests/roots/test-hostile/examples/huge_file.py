# Writes a file of 200 MiB, and reserves 20 GiB of address space.
import mmap
import signal

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
written = 0
try:
    with open("huge.bin", "wb", buffering=0) as stream:
        while written < 200 << 20:
            written += stream.write(b"\0" * (1 << 20))
    print("wrote 200 MiB")
except OSError as error:
    print("file stopped at", written >> 20, "MiB:", error.strerror)
try:
    reserved = mmap.mmap(-1, 20 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | getattr(mmap, "MAP_NORESERVE", 0))
    print("reserved 20 GiB")
except OSError as error:
    print("20 GiB refused:", error.strerror)
