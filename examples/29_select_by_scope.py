import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

ones = tf.ones_initializer()
with tf.variable_scope("gen"):
    g = tf.get_variable("w", shape=[1], initializer=ones)
with tf.variable_scope("disc"):
    d = tf.get_variable("w", shape=[1], initializer=ones)
# en: A pretrained encoder that feeds the GAN; its scope happens to start with "gen".
# zh: 一个预训练好的编码器，为 GAN 提供输入；它的作用域名恰好也以 "gen" 开头。
with tf.variable_scope("generator"):
    other = tf.get_variable("w", shape=[1], initializer=ones)

# %%
# en: The scope argument is a prefix match, so "gen" also catches "generator".
# zh: scope 参数按前缀匹配，所以 "gen" 也会匹配到 "generator"。
print([v.name for v in tf.trainable_variables(scope="gen")])
print([v.name for v in tf.trainable_variables(scope="gen/")])
print([v.name for v in tf.trainable_variables(scope="disc/")])

# %%
# en: The encoder is part of the loss, so it gets a gradient too.
# zh: 编码器的变量也在损失之中，因此同样有梯度。
loss = tf.reduce_sum(g * d * other)


def one_generator_step(var_list):
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, var_list=var_list)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        for v in [g, d, other]:
            print(v.name, sess.run(v))


# en: With scope="gen", one generator step also moves the encoder.
# zh: 用 scope="gen" 时，生成器走一步，编码器也跟着变了。
one_generator_step(tf.trainable_variables(scope="gen"))

# %%
# en: With scope="gen/", the step moves the generator's weight and nothing else.
# zh: 用 scope="gen/" 时，这一步只改变生成器的权重。
one_generator_step(tf.trainable_variables(scope="gen/"))
