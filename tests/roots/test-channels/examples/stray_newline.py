# en: One newline into every inherited descriptor, in the middle of the second cell.
# zh: 在第二个单元中间，向每个继承的描述符写入一个换行。
import os
import time

from _inherited import inherited

print("first")
# %%
print("second")
for fd in inherited(writable=True):
    os.write(fd, b"\n")
time.sleep(0.2)
print("last")
