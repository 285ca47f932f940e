import time

time.sleep(3)
print("the slow victim's own output")
