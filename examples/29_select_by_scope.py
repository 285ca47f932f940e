import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

ones = tf.ones_initializer()
with tf.variable_scope("gen"):
    g = tf.get_variable("w", shape=[1], initializer=ones)
with tf.variable_scope("disc"):
    d = tf.get_variable("w", shape=[1], initializer=ones)
# en: Another model whose scope happens to start with "gen".
# zh: 另一个模型，它的作用域名恰好也以 "gen" 开头。
with tf.variable_scope("generator"):
    other = tf.get_variable("w", shape=[1], initializer=ones)

# %%
# en: The scope argument is a prefix match, so "gen" also catches "generator".
# zh: scope 参数按前缀匹配，所以 "gen" 也会匹配到 "generator"。
print([v.name for v in tf.trainable_variables(scope="gen")])
print([v.name for v in tf.trainable_variables(scope="gen/")])
print([v.name for v in tf.trainable_variables(scope="disc/")])

# %%
# en: Each optimizer updates only its own list: one generator step leaves the others alone.
# zh: 每个优化器只更新自己的变量列表：生成器走一步，其他变量保持不变。
loss = tf.reduce_sum(g * d)
gen_vars = tf.trainable_variables(scope="gen/")
disc_vars = tf.trainable_variables(scope="disc/")
train_gen = tf.train.GradientDescentOptimizer(0.5).minimize(loss, var_list=gen_vars)
train_disc = tf.train.GradientDescentOptimizer(0.5).minimize(-loss, var_list=disc_vars)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_gen)
    for v in [g, d, other]:
        print(v.name)
        print(sess.run(v))
