import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def rnn_step(h, x):
    # en: AUTO_REUSE: the first step creates the weights, every later step gets them.
    # zh: AUTO_REUSE：第一步创建权重，之后每一步都直接获取。
    with tf.variable_scope("rnn_cell", reuse=tf.AUTO_REUSE):
        w_x = tf.get_variable("w_x", shape=[1, 3], initializer=tf.constant_initializer(0.1))
        w_h = tf.get_variable("w_h", shape=[3, 3], initializer=tf.constant_initializer(0.2))
        b = tf.get_variable("b", shape=[3], initializer=tf.zeros_initializer())
        return tf.tanh(tf.matmul(x, w_x) + tf.matmul(h, w_h) + b, name="h")


h = tf.zeros([1, 3])
for t in range(4):
    h = rnn_step(h, tf.constant([[float(t)]]))
    print(h.name)

# %%
print([v.name for v in tf.trainable_variables()])
