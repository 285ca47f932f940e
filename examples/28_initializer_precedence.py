import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: A variable_scope can carry a default initializer for the get_variable calls inside it.
# zh: 变量作用域可以为其中的 get_variable 调用提供默认初始化器。
with tf.variable_scope("scope", initializer=tf.constant_initializer(2.0)):
    from_call = tf.get_variable("from_call", shape=[2], initializer=tf.constant_initializer(1.0))
    from_scope = tf.get_variable("from_scope", shape=[2])
    with tf.variable_scope("inner"):
        inherited = tf.get_variable("inherited", shape=[2])
    plain = tf.Variable([0.0, 0.0], name="plain")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in [from_call, from_scope, inherited, plain]:
        print(v.name)
        print(sess.run(v))

# %%
# en: With neither, floats get glorot_uniform: uniform within ±sqrt(6 / (fan_in + fan_out)).
# zh: 两者都没有时，浮点变量使用 glorot_uniform：在 ±sqrt(6 / (fan_in + fan_out)) 内均匀分布。
weights = tf.get_variable("weights", shape=[300, 200])
print(weights.initial_value.op.name)
limit = tf.get_default_graph().get_tensor_by_name("weights/Initializer/random_uniform/max:0")
with tf.Session() as sess:
    print(f"{sess.run(limit):.6f}")
print(f"{(6 / (300 + 200)) ** 0.5:.6f}")

# %%
# en: Integer variables get zeros.
# zh: 整数变量则初始化为零。
counts = tf.get_variable("counts", shape=[3], dtype=tf.int32)
with tf.Session() as sess:
    sess.run(counts.initializer)
    print(sess.run(counts))
