import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("dense"):
    kernel = tf.get_variable("kernel", shape=[3, 2])

# en: When reusing, the shape may be left out: the stored variable has one.
# zh: 复用时可以不写 shape：存储的变量自带形状。
with tf.variable_scope("dense", reuse=True):
    again = tf.get_variable("kernel")
print(again is kernel, again.shape)

# %%
# en: Creating without a shape fails, unless the initializer is a value that has one.
# zh: 创建时不写 shape 会失败，除非初始化器本身是带形状的值。
try:
    tf.get_variable("no_shape")
except ValueError as error:
    print(error)
print(tf.get_variable("from_tensor", initializer=tf.constant([1.0, 2.0])).shape)
print(tf.get_variable("from_list", initializer=[[1.0, 2.0, 3.0]]).shape)

# %%
# en: A tensor initializer together with a shape raises.
# zh: 张量初始化器与 shape 同时给出会报错。
tf.get_variable("both", shape=[2], initializer=tf.constant([1.0, 2.0]))
