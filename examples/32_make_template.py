import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def scale(x):
    w = tf.get_variable("w", shape=[1], initializer=tf.constant_initializer(3.0))
    return tf.multiply(x, w, name="y")


# en: make_template creates the variables on the first call and reuses them afterwards.
# zh: make_template 在第一次调用时创建变量，之后的调用都复用它们。
scale_template = tf.make_template("scale", scale)
y1 = scale_template(tf.constant([1.0]))
y2 = scale_template(tf.constant([2.0]))
print(y1.name, y2.name)
print([v.name for v in tf.global_variables()])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y1))
    print(sess.run(y2))
