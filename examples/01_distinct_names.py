import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: Two ways to create a variable: tf.Variable takes an initial value,
# zh: 创建变量的两种方式：tf.Variable 接收初始值，
# en: tf.get_variable takes a name, a shape and an initializer.
# zh: tf.get_variable 接收名称、形状和初始化器 (initializer)。
var1 = tf.Variable([1.0], name="var1", dtype=tf.float32)
var2 = tf.Variable([2.0], name="var2", dtype=tf.float32)

initializer = tf.constant_initializer(1.0)
var3 = tf.get_variable("var3", shape=[1], dtype=tf.float32, initializer=initializer)
var4 = tf.get_variable("var4", shape=[1], dtype=tf.float32, initializer=initializer)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in [var1, var2, var3, var4]:
        print(v.name)
        print(sess.run(v))
