import tensorflow.compat.v1 as tf

tf.disable_eager_execution()


def linear(x):
    with tf.variable_scope("linear", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", shape=[2, 1], initializer=tf.ones_initializer())
        return tf.matmul(x, w, name="y")


def build_twice():
    y1 = linear(tf.constant([[1.0, 2.0]]))
    y2 = linear(tf.constant([[3.0, 4.0]]))
    print([v.name for v in tf.global_variables()])
    return y1, y2


# en: Ref variables (TF1's kind): both matmuls read the one tensor linear/w/read.
# zh: 引用变量（TF1 的那种）：两个矩阵乘法读的是同一个张量 linear/w/read。
tf.disable_resource_variables()
with tf.Graph().as_default():
    for y in build_twice():
        print(y.name, "reads", y.op.inputs[1].name)

# %%
# en: Resource variables (TF2's kind): each matmul has its own read op, of the one handle linear/w.
# zh: 资源变量（TF2 的那种）：每个矩阵乘法各有一个读取操作，读的是同一个句柄 linear/w。
tf.enable_resource_variables()
with tf.Graph().as_default():
    for y in build_twice():
        read = y.op.inputs[1].op
        print(y.name, "reads", read.name, "of", read.inputs[0].name)
