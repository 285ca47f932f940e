# en: Stops itself with SIGSTOP, which it cannot catch.
# zh: 用无法捕获的 SIGSTOP 让自己停下。
import os
import signal

print("before")
os.kill(os.getpid(), signal.SIGSTOP)
print("after")
