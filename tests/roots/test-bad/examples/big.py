import sys

line = "x" * 99 + "\n"
for _ in range(50):
    sys.stdout.write(line * 10_000)
