# en: Closes every descriptor above standard error.
# zh: 关闭标准错误之后的每个描述符。
import os

os.closerange(3, 65536)
print("first")
# %%
print("second")
