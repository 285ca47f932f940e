import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("dense"):
    kernel = tf.get_variable("kernel", shape=[3, 2])
print(kernel.name, kernel.shape)

# %%
# en: Reusing checks the shape: a different one is an error, not a new variable.
# zh: 复用时会检查形状：形状不同会报错，而不是创建新变量。
with tf.variable_scope("dense", reuse=True):
    kernel_again = tf.get_variable("kernel", shape=[2, 3])
