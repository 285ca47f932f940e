import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: tf.Variable: the name is optional, the initial value is required.
# zh: tf.Variable：名称可选，初始值必填。
print(tf.Variable([1.0]).name)
try:
    tf.Variable(name="no_value")
except ValueError as e:
    print(f"{type(e).__name__}: {e}")

# %%
# en: tf.get_variable: the name is required, and so is the shape,
# zh: tf.get_variable：名称必填；形状也必填，
# en: unless the initializer is a tensor that already has one.
# zh: 除非初始化器本身就是带形状的张量。
try:
    tf.get_variable(shape=[1])
except TypeError as e:
    print(f"{type(e).__name__}: {e}")
try:
    tf.get_variable("no_shape")
except ValueError as e:
    print(f"{type(e).__name__}: {e}")
from_tensor = tf.get_variable("from_tensor", initializer=tf.constant([1.0, 2.0]))
print(from_tensor.name, from_tensor.shape)
