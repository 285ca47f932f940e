import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def linear(x):
    with tf.variable_scope("linear", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", shape=[2, 1], initializer=tf.ones_initializer())
        return tf.matmul(x, w, name="y")


y1 = linear(tf.constant([[1.0, 2.0]]))
y2 = linear(tf.constant([[3.0, 4.0]]))

# %%
# en: Each call's ops land in a new name scope: linear/, then linear_1/.
# zh: 每次调用产生的操作都落在新的名称作用域中：先是 linear/，然后是 linear_1/。
print(y1.name)
print(y2.name)

# %%
# en: Yet both read the one variable linear/w.
# zh: 但两者读取的是同一个变量 linear/w。
print(y1.op.inputs[1].name)
print(y2.op.inputs[1].name)
print([v.name for v in tf.global_variables()])
