import os

# en: Select tf-keras before TensorFlow is imported, and the TF1 layer helpers work again.
# zh: 在导入 TensorFlow 之前选用 tf-keras，TF1 的层辅助函数就又能用了。
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [None, 2])

# en: dense() creates its kernel and bias with get_variable, so a reusing scope shares them.
# zh: dense() 用 get_variable 创建权重矩阵和偏置，因此复用的变量作用域会共享它们。
with tf.variable_scope("tower"):
    first = tf.layers.dense(x, 3, name="fc")
with tf.variable_scope("tower", reuse=True):
    second = tf.layers.dense(x, 3, name="fc")

print([v.name for v in tf.global_variables()])
print(first.name, second.name)
