# en: Writes a megabyte into every descriptor it inherited, where nothing reads it.
# zh: 向继承的每个描述符写入一兆字节，而那里没有人读。
import os

from _inherited import inherited

print("before")
for fd in inherited(writable=True):
    try:
        os.write(fd, b"x" * 1_000_000)
    except OSError:
        pass
print("after")
