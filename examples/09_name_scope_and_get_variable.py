import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: name_scope prefixes ops and tf.Variable, but not tf.get_variable.
# zh: 名称作用域 (name_scope) 会给操作和 tf.Variable 加前缀，但不影响 tf.get_variable。
with tf.name_scope("ns"):
    v = tf.Variable([1.0], name="v")
    w = tf.get_variable("w", shape=[1])
    y = tf.multiply(w, 2.0, name="y")
print(v.name)
print(w.name)
print(y.name)

# %%
# en: So a different name_scope does not give get_variable a different variable:
# zh: 因此换一个名称作用域，并不会让 get_variable 得到另一个变量；
# en: both calls ask for "w", and the second is refused.
# zh: 两次调用请求的都是 "w"，第二次被拒绝。
with tf.name_scope("other"):
    w2 = tf.get_variable("w", shape=[1])
