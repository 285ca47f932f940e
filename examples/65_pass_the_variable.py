import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


# en: The first way to share in TensorFlow 1: create the variable once, pass the object.
# zh: TensorFlow 1 中第一种共享方式：变量只建一次，把这个对象传过去。
def tower(x, w):
    return tf.matmul(x, w)


w = tf.Variable(tf.fill([2, 2], 0.5), name="w")
left = tower(tf.constant([[1.0, 2.0]]), w)
right = tower(tf.constant([[3.0, 4.0]]), w)
print([v.name for v in tf.trainable_variables()])
# en: Both towers read the one variable; no scope, no reuse, no store.
# zh: 两座塔读的是同一个变量；不需要作用域，不需要 reuse，也不需要变量存储。
print(left.op.inputs[1].op.inputs[0].name, right.op.inputs[1].op.inputs[0].name)
