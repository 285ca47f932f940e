import tensorflow as tf

# en: In TF2 there is no graph to keep names unique: two variables can share a name.
# zh: TF2 中没有计算图来保证名称唯一：两个变量可以同名。
a = tf.Variable([1.0], name="v")
b = tf.Variable([2.0], name="v")
print(a.name, b.name)
print(a is b)
print(a.numpy(), b.numpy())

# %%
# en: name_scope still prefixes the names.
# zh: 名称作用域仍然会给名称加前缀。
with tf.name_scope("ns"):
    c = tf.Variable([3.0], name="v")
print(c.name)
