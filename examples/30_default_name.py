import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def layer():
    # en: default_name makes each call open a new, uniquified scope instead of reusing one.
    # zh: default_name 让每次调用都打开一个新的、名称唯一化的作用域，而不是复用同一个。
    with tf.variable_scope(None, default_name="layer"):
        return tf.get_variable("w", shape=[1])


for _ in range(3):
    print(layer().name)
