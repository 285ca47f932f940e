# en: Makes every descriptor it holds non-blocking; the flag belongs to the pipe, shared.
# zh: 把持有的每个描述符设为非阻塞；这个标志属于管道，是共享的。
import os

from _inherited import inherited

for fd in {0, 1, 2, *inherited(writable=False), *inherited(writable=True)}:
    os.set_blocking(fd, False)
print("first")
# %%
print("second")
# %%
print("third")
