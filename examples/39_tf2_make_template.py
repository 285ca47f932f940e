import tensorflow as tf

v1 = tf.compat.v1


def scale(x):
    w = v1.get_variable("w", shape=[1], initializer=v1.constant_initializer(3.0))
    return x * w


# en: Eagerly, a plain function that calls get_variable makes a new variable on every call.
# zh: 在即时执行模式下，直接调用 get_variable 的普通函数每调用一次就新建一个变量。
first = scale(tf.constant([1.0]))
created = []


def count(next_creator, **kwargs):
    variable = next_creator(**kwargs)
    created.append(variable.name)
    return variable


with tf.variable_creator_scope(count):
    scale(tf.constant([1.0]))
    scale(tf.constant([2.0]))
print(created)

# %%
# en: Wrapped by make_template, the same function creates its variable once and then shares it.
# zh: 用 make_template 包装后，同一个函数只在第一次调用时创建变量，之后一直共享它。
created.clear()
template = v1.make_template("scale", scale)
with tf.variable_creator_scope(count):
    left = template(tf.constant([1.0]))
    right = template(tf.constant([2.0]))
print(created)
print(left.numpy(), right.numpy())
print([v.name for v in template.variables])
