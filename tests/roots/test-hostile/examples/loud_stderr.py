# Writes 300 MiB to standard error, then one line to standard output.
import sys

chunk = "e" * (1 << 20) + "\n"
for _ in range(300):
    sys.stderr.write(chunk)
print("done")
