import tensorflow as tf

initializer = tf.constant_initializer(value=1)
var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)
var4 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var3.name)
    print(sess.run(var3))
    print(var4.name)
    print(sess.run(var4))
