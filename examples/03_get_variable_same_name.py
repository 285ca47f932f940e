import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

initializer = tf.constant_initializer(1.0)
var3 = tf.get_variable("var3", shape=[1], dtype=tf.float32, initializer=initializer)
print(var3.name)

# en: The same name again: tf.get_variable refuses, because reuse is off by default.
# zh: 再次使用同一名称：tf.get_variable 拒绝创建，因为默认不开启复用 (reuse)。
var4 = tf.get_variable("var3", shape=[1], dtype=tf.float32, initializer=initializer)
