# en: Leaves a process of a new session behind that holds standard output and error open.
# zh: 留下一个新会话中的进程，它一直打开着标准输出和标准错误。
import subprocess
import sys

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "channels-mark"], start_new_session=True)
print("started")
