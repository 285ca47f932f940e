import tensorflow.compat.v1 as tf

tf.disable_eager_execution()

# en: Graph mode alone keeps TF2 resource variables: same names, other types.
# zh: 只关闭即时执行 (eager) 时，仍使用 TF2 的资源变量：名称相同，类型不同。
v = tf.get_variable("v", shape=[1])
print(v.name)
print(type(v).__name__)
print(v.op.type)
print(v.dtype)

# %%
# en: The "already exists" error carries no creation trace here.
# zh: 此时 “already exists” 错误不附带创建位置。
try:
    tf.get_variable("v", shape=[1])
except ValueError as e:
    print(e)
    print("Originally defined at" in str(e))
