import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def model(x):
    w = tf.get_variable("w", shape=[2, 1], initializer=tf.ones_initializer())
    return tf.matmul(x, w)


# en: The commonest use of reuse: the model built twice, on the training data and on the
# zh: reuse 最常见的用法：模型搭两遍，一遍接训练数据，一遍接评估数据，
# en: evaluation data, with one set of weights.
# zh: 共用一套权重。
with tf.variable_scope("model"):
    train_out = model(tf.constant([[1.0, 2.0]]))
with tf.variable_scope("model", reuse=True):
    eval_out = model(tf.constant([[3.0, 4.0]]))
print([v.name for v in tf.global_variables()])

# %%
# en: A training step changes the weights, and the evaluation part sees the change.
# zh: 训练一步改变了权重，评估部分看到的就是改变后的值。
loss = tf.reduce_sum(tf.square(train_out - 1.0))
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(round(float(sess.run(eval_out)[0, 0]), 4))
    sess.run(step)
    print(round(float(sess.run(eval_out)[0, 0]), 4))
