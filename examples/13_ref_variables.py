import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: disable_v2_behavior() also switches back to TF1 reference variables.
# zh: disable_v2_behavior() 还会切换回 TF1 的引用变量 (ref variable)。
v = tf.get_variable("v", shape=[1])
print(v.name)
print(type(v).__name__)
print(v.op.type)
print(v.dtype)

# %%
# en: Their "already exists" error records where the first variable was created.
# zh: 它们的 “already exists” 错误会记录第一个变量的创建位置。
try:
    tf.get_variable("v", shape=[1])
except ValueError as e:
    print(str(e).splitlines()[0])
    print("Originally defined at" in str(e))
