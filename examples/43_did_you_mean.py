import contextlib
import sys

import tensorflow.compat.v1 as tf

try:
    tf.variab_scope("var_scope2")
except AttributeError as caught:
    error = caught

# en: The exception's own message has no suggestion.
# zh: 异常本身的消息里没有修改建议。
print(str(error))

# %%
# en: Python's own printer of uncaught errors adds it (since Python 3.10).
# zh: 建议是 Python 打印未捕获异常时自己加上的（Python 3.10 起）。
with contextlib.redirect_stderr(sys.stdout):
    sys.excepthook(type(error), error.with_traceback(None), None)
