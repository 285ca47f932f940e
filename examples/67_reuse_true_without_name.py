import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: reuse=True needs to know which scope to reuse: without a name it raises.
# zh: reuse=True 需要知道复用哪个作用域：不给名称就会报错。
with tf.variable_scope(None, default_name="layer", reuse=True):
    pass
