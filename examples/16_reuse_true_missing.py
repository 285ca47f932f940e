import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: reuse=True never creates, so the first call in a fresh graph fails.
# zh: reuse=True 从不创建变量，所以在新图中第一次调用就会失败。
with tf.variable_scope("encoder", reuse=True):
    kernel = tf.get_variable("kernel", shape=[2, 2])
