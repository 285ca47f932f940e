import os
import signal

os.kill(os.getppid(), signal.SIGSTOP)
print("after stopping my parent")
