import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: A folder in the working folder, which is empty when each run starts.
# zh: 检查点写在工作目录下的文件夹里，每次运行开始时这个目录都是空的。
folder = "checkpoints"
path = folder + "/model"

with tf.variable_scope("layer"):
    w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, path)

# %%
# en: A checkpoint stores values under variable names.
# zh: 检查点 (checkpoint) 以变量名为键保存变量值。
for name, shape in tf.train.list_variables(folder):
    print(name, shape)

# %%
# en: Rebuild the model with one extra layer in front: the same weights now have another name.
# zh: 重建模型时在前面多加一层：同一个权重换了名字。
tf.reset_default_graph()
with tf.variable_scope(None, default_name="layer"):
    extra = tf.get_variable("w", shape=[2])
with tf.variable_scope(None, default_name="layer"):
    w = tf.get_variable("w", shape=[2])
print(w.name)
with tf.Session() as sess:
    try:
        tf.train.Saver([w]).restore(sess, path)
    except tf.errors.NotFoundError as e:
        print(type(e).__name__)
        print(next(line for line in str(e).splitlines() if line.startswith("Key ")))

# %%
# en: A Saver can map checkpoint names to variables explicitly.
# zh: Saver 可以显式地把检查点中的名称映射到变量。
with tf.Session() as sess:
    tf.train.Saver({"layer/w": w}).restore(sess, path)
    print(sess.run(w))
