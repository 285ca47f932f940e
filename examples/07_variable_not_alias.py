import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

var1 = tf.Variable([1.0], name="var1")
var2 = tf.Variable([2.0], name="var1")
print(var1.name, var2.name)

# %%
# en: Change one of them: the other keeps its value, so var1_1 is a second variable, not an alias.
# zh: 修改其中一个，另一个的值不变：var1_1 是第二个独立的变量，而不是别名。
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(var2.assign([5.0]))
    print(sess.run(var1))
    print(sess.run(var2))
print(len(tf.global_variables()))

# %%
# en: The suffix comes from the graph, which makes every op name unique, variables or not.
# zh: 后缀来自计算图：图中每个操作 (op) 的名称都必须唯一，不论它是不是变量。
const = tf.constant([3.0], name="var1")
print(const.name)
