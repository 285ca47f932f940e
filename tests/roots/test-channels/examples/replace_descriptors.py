# en: Puts /dev/null in the place of every inherited descriptor.
# zh: 用 /dev/null 替换每个继承的描述符。
import os

from _inherited import inherited

descriptors = inherited(writable=False) + inherited(writable=True)
null = os.open(os.devnull, os.O_RDWR)
for fd in descriptors:
    os.dup2(null, fd)
print("first")
# %%
print("second")
