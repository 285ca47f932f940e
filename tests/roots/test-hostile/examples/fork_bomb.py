# Starts processes until it is refused (stops by itself at 3,000).
import os
import signal

started = 0
try:
    while started < 3000:
        if os.fork() == 0:
            signal.pause()
            os._exit(0)
        started += 1
    print("not bounded: 3000 processes started")
except OSError as error:
    print("fork refused:", error.strerror, "after fewer than 1024" if started < 1024 else f"after {started}")
