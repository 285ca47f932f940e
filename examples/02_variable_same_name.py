import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: The same name twice: tf.Variable does not complain.
# zh: 同一个名称用两次：tf.Variable 不会报错。
var1 = tf.Variable([1.0], name="var1", dtype=tf.float32)
var2 = tf.Variable([2.0], name="var1", dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in [var1, var2]:
        print(v.name)
        print(sess.run(v))
