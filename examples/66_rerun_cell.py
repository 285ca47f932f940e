import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def build_model():
    bias = tf.Variable(tf.zeros([2]), name="bias")
    with tf.variable_scope("model"):
        w = tf.get_variable("w", shape=[2])
    return w, bias


# en: A notebook cell that builds the model, run once...
# zh: 一个构建模型的 Notebook 单元格，运行一次……
w, bias = build_model()
print(w.name, bias.name)

# %%
# en: ...and run again in the same kernel: the default graph still holds the first model.
# zh: ……在同一个内核里再运行一次：默认图里还留着第一个模型。
try:
    build_model()
except ValueError as error:
    print(str(error).splitlines()[0])
print([v.name for v in tf.global_variables()])

# %%
# en: A fresh default graph (or a restarted kernel) makes the cell rerunnable.
# zh: 换一张新的默认图（或重启内核），这个单元格就可以重复运行。
tf.reset_default_graph()
w, bias = build_model()
print(w.name, bias.name)
