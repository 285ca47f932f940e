import tensorflow as tf

var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var1.name)
    print(sess.run(var1))
    print(var2.name)
    print(sess.run(var2))
