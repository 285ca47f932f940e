# en: The start of a line, never ended, into every inherited descriptor.
# zh: 向每个继承的描述符写入一行的开头，永不结束。
import os

from _inherited import inherited

print("first")
# %%
for fd in inherited(writable=True):
    os.write(fd, b"2")
print("last")
