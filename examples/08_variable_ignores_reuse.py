import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("scope"):
    first = tf.Variable([1.0], name="v")
print(first.name)

# %%
# en: reuse only affects tf.get_variable; tf.Variable creates a new variable every time.
# zh: reuse 只对 tf.get_variable 起作用；tf.Variable 每次都会创建新变量。
with tf.variable_scope("scope", reuse=True):
    second = tf.Variable([1.0], name="v")
with tf.variable_scope("scope", reuse=tf.AUTO_REUSE):
    third = tf.Variable([1.0], name="v")
print(second.name)
print(third.name)
print(first is second, first is third)
print(len(tf.global_variables()))
