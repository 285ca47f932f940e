# en: How many descriptors it inherited beyond 0, 1 and 2: the same however it is started.
# zh: 除 0、1、2 之外继承了多少个描述符：无论怎样启动都一样。
from _inherited import inherited

print(len(set(inherited(writable=False) + inherited(writable=True))))
