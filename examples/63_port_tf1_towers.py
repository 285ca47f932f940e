import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: The starting point: TF1 code whose two towers share one set of weights.
# zh: 起点：两座塔共用一套权重的 TF1 代码。
W = [[0.5, -0.5], [0.25, 1.0]]
B = [0.0, 0.1]
LEFT = [[1.0, 2.0]]
RIGHT = [[3.0, 4.0]]
TARGET = [[1.0, 0.0]]


def tower(x):
    w = tf.get_variable("w", shape=[2, 2], initializer=tf.constant_initializer(W))
    b = tf.get_variable("b", shape=[2], initializer=tf.constant_initializer(B))
    return tf.matmul(x, w) + b


with tf.variable_scope("tower"):
    left = tower(tf.constant(LEFT))
with tf.variable_scope("tower", reuse=True):
    right = tower(tf.constant(RIGHT))
loss = tf.reduce_mean(tf.square(left + right - tf.constant(TARGET)))
step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
# en: What the port must match: the number of trainable variables...
# zh: 移植结果必须对上的：可训练变量的个数……
print(len(tf.trainable_variables()), [v.name for v in tf.trainable_variables()])

# %%
# en: ...the loss, and the weights after one training step.
# zh: ……损失，以及训练一步之后的权重。
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("loss", round(float(sess.run(loss)), 4))
    sess.run(step)
    for value in sess.run(tf.trainable_variables()):
        print(np.round(value.astype(np.float64), 4).tolist())
