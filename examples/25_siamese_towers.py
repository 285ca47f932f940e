import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def tower(x):
    w = tf.get_variable("w", shape=[2, 2], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", shape=[2], initializer=tf.zeros_initializer())
    return tf.nn.relu(tf.matmul(x, w) + b)


# en: Two inputs, one set of weights: the second call runs with reuse=True.
# zh: 两路输入，一套权重：第二次调用在 reuse=True 下进行。
with tf.variable_scope("siamese"):
    left = tower(tf.constant([[1.0, 2.0]]))
with tf.variable_scope("siamese", reuse=True):
    right = tower(tf.constant([[3.0, 4.0]]))
print([v.name for v in tf.trainable_variables()])

# %%
tf.reset_default_graph()


def tower_with_variable(x):
    w = tf.Variable(tf.fill([2, 2], 0.5), name="w")
    b = tf.Variable(tf.zeros([2]), name="b")
    return tf.nn.relu(tf.matmul(x, w) + b)


# en: The same towers written with tf.Variable: reuse is ignored and the weights double, silently.
# zh: 用 tf.Variable 写同样的双塔：reuse 被忽略，权重悄无声息地变成两份。
with tf.variable_scope("siamese"):
    left = tower_with_variable(tf.constant([[1.0, 2.0]]))
with tf.variable_scope("siamese", reuse=True):
    right = tower_with_variable(tf.constant([[3.0, 4.0]]))
print([v.name for v in tf.trainable_variables()])
