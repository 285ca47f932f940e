# Leaves processes behind in every way it can: a new session, and a classic double-fork daemon.
import os
import subprocess
import sys

MARK = "hostile-mark"
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", MARK], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "while True: pass", MARK])
    os._exit(0)
print("started")
