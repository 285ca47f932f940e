import numpy as np

value = np.array([1.0], dtype=np.float32)

# en: numpy 1.14 (2018) and later print a float array like this:
# zh: numpy 1.14（2018 年）及以后版本这样打印浮点数组：
print(value)

# %%
# en: Earlier versions padded a space for the sign; numpy can still imitate them.
# zh: 更早的版本会为正负号预留一个空格；numpy 仍可模拟旧格式。
np.set_printoptions(legacy="1.13")
print(value)
