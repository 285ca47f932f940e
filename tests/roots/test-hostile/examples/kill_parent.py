import os
import signal

os.kill(os.getppid(), signal.SIGKILL)
print("after killing my parent")
