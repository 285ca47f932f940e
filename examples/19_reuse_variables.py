import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: reuse_variables() switches the current scope to reuse for the rest of the block.
# zh: reuse_variables() 会让当前变量作用域在该 with 块的剩余部分进入复用模式。
with tf.variable_scope("model") as scope:
    w = tf.get_variable("w", shape=[1])
    print(scope.reuse)
    scope.reuse_variables()
    print(scope.reuse)
    w_again = tf.get_variable("w", shape=[1])
print(w_again is w)

# %%
# en: Sub-scopes inherit reuse, and reuse=False cannot switch it off.
# zh: 子作用域会继承 reuse，而且 reuse=False 也无法关闭它。
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("inner"):
        print(tf.get_variable_scope().reuse)
    with tf.variable_scope("inner", reuse=False):
        print(tf.get_variable_scope().reuse)
        try:
            tf.get_variable("new", shape=[1])
        except ValueError as e:
            print(e)

# %%
# en: Re-opening the scope later starts without reuse again.
# zh: 之后重新打开该作用域时，又从不复用开始。
with tf.variable_scope("model") as scope:
    print(scope.reuse)
