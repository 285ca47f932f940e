# Prints 300 MiB, a mebibyte at a time, then waits a second.
import sys
import time

chunk = ("o" * 1023 + "\n") * 1024
for _ in range(300):
    sys.stdout.write(chunk)
    time.sleep(0.005)
time.sleep(1)
