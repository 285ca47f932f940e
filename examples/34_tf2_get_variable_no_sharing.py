import tensorflow as tf

v1 = tf.compat.v1

# en: Eagerly, get_variable creates a new variable on every call, whatever reuse says.
# zh: 在即时执行 (eager) 模式下，不论 reuse 如何设置，get_variable 每次调用都会创建新变量。
with v1.variable_scope("scope"):
    first = v1.get_variable("w", shape=[1])
    second = v1.get_variable("w", shape=[1])
with v1.variable_scope("scope", reuse=True):
    third = v1.get_variable("w", shape=[1])
with v1.variable_scope("scope", reuse=v1.AUTO_REUSE):
    fourth = v1.get_variable("w", shape=[1])
print([v.name for v in [first, second, third, fourth]])
print(first is second, first is third, first is fourth)

# %%
# en: reuse=True does not even complain about a variable that never existed.
# zh: reuse=True 甚至不会因为变量从未存在而报错。
with v1.variable_scope("never_created", reuse=True):
    print(v1.get_variable("w", shape=[1]).name)
