import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: Default reuse (None, inherited as False): get_variable creates.
# zh: 默认的 reuse（None，继承为 False）：get_variable 负责创建。
with tf.variable_scope("encoder") as scope:
    kernel = tf.get_variable("kernel", shape=[2, 2])
print(scope.reuse)
print(kernel.name)

# %%
# en: reuse=True: get_variable only gets the existing variable.
# zh: reuse=True：get_variable 只获取已有变量。
with tf.variable_scope("encoder", reuse=True) as scope:
    same = tf.get_variable("kernel", shape=[2, 2])
print(scope.reuse)
print(same.name)
print(same is kernel)

# %%
# en: reuse=tf.AUTO_REUSE: the first call creates, later calls get.
# zh: reuse=tf.AUTO_REUSE：第一次调用时创建，之后的调用直接获取。
with tf.variable_scope("decoder", reuse=tf.AUTO_REUSE) as scope:
    first = tf.get_variable("kernel", shape=[2, 2])
    second = tf.get_variable("kernel", shape=[2, 2])
print(scope.reuse)
print(first.name, second.name)
print(first is second)
print([v.name for v in tf.global_variables()])
