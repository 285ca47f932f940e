# Runs for ever, with a child that does the same.
import subprocess
import sys

MARK = "hostile-mark"
subprocess.Popen([sys.executable, "-c", "while True: pass", MARK])
while True:
    pass
