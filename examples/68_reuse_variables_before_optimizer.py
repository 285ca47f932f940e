import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

x = tf.constant([[1.0, 2.0]])
with tf.variable_scope("tower"):
    w = tf.get_variable("w", shape=[2, 1])
    left = tf.matmul(x, w)
# en: reuse_variables() at the root switches reuse on for everything created after it...
# zh: 在根作用域调用 reuse_variables()，之后创建的一切都处于复用模式……
tf.get_variable_scope().reuse_variables()
with tf.variable_scope("tower"):
    right = tf.matmul(x, tf.get_variable("w"))
loss = tf.reduce_sum(left + right)
# en: ...including the optimizer's slot variables, which do not exist yet.
# zh: ……包括优化器的槽变量 (slot)，而它们还不存在。
tf.train.AdamOptimizer().minimize(loss)
