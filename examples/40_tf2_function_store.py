import tensorflow as tf

v1 = tf.compat.v1
created = []


def count(next_creator, **kwargs):
    variable = next_creator(**kwargs)
    created.append(variable.name)
    return variable


def layer(x):
    with v1.variable_scope("layer", reuse=v1.AUTO_REUSE):
        w = v1.get_variable("w", shape=[], initializer=v1.ones_initializer())
        again = v1.get_variable("w", shape=[], initializer=v1.ones_initializer())
    print("  same object:", w is again)
    return x * w


# en: Op by op (eager), every get_variable call creates a variable, AUTO_REUSE or not.
# zh: 逐个操作执行（即时执行）时，每次 get_variable 调用都会创建变量，不管是否 AUTO_REUSE。
print("eager")
with tf.variable_creator_scope(count):
    layer(tf.constant(1.0))
    layer(tf.constant(2.0))
print(created)

# %%
# en: Inside tf.function, the graph's variable store applies: one variable, even over retraces.
# zh: 在 tf.function 内部，图的变量存储生效：只有一个变量，重新追踪 (retrace) 也不会再建。
created.clear()
step = tf.function(layer)
print("tf.function")
with tf.variable_creator_scope(count):
    step(tf.constant(1.0))
    step(tf.constant(2.0))
    step(tf.constant([1.0, 2.0]))
print(created)


# %%
# en: reuse=True on a missing variable: created silently when eager, an error in tf.function.
# zh: 对不存在的变量用 reuse=True：即时执行时悄悄创建，在 tf.function 中则报错。
def missing(x):
    with v1.variable_scope("missing", reuse=True):
        return x * v1.get_variable("w", shape=[])


print(missing(tf.constant(1.0)).shape)
try:
    tf.function(missing)(tf.constant(1.0))
except ValueError as error:
    print(str(error).strip().splitlines()[-1].strip())
