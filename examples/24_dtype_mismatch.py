import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("dense"):
    kernel = tf.get_variable("kernel", shape=[3, 2], dtype=tf.float32)
print(kernel.name, kernel.dtype)

# %%
# en: Reusing checks the dtype too.
# zh: 复用时也会检查数据类型 (dtype)。
with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
    kernel_again = tf.get_variable("kernel", shape=[3, 2], dtype=tf.int32)
