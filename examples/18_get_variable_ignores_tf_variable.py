import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("layer"):
    w = tf.Variable([1.0], name="w")
print(w.name)

# %%
# en: get_variable only knows the variables it created itself:
# zh: get_variable 只认得它自己创建的变量：
# en: AUTO_REUSE finds nothing named layer/w and creates a second variable.
# zh: AUTO_REUSE 找不到 layer/w，于是又创建了一个变量。
with tf.variable_scope("layer", reuse=tf.AUTO_REUSE):
    w2 = tf.get_variable("w", shape=[1])
print(w2.name)
print(w2 is w)

# %%
# en: In a fresh graph, reuse=True fails although a tf.Variable named layer/w exists.
# zh: 在新图中，即使存在名为 layer/w 的 tf.Variable，reuse=True 仍然失败。
tf.reset_default_graph()
with tf.variable_scope("layer"):
    w = tf.Variable([1.0], name="w")
print(w.name)
with tf.variable_scope("layer", reuse=True):
    w3 = tf.get_variable("w", shape=[1])
