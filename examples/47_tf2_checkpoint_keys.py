import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, name=None, value=(1.0, 2.0)):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(value, name="w")


class Model(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.encoder = Dense(name="dense")


# en: tf.train.Checkpoint keys each value by the path of attributes that reaches it.
# zh: tf.train.Checkpoint 按到达变量的属性路径给每个值命名。
model = Model()
saved = tf.train.Checkpoint(model=model).write("tf2/ckpt")
print(model.encoder.w.name)
print([name for name, shape in tf.train.list_variables(saved)])

# %%
# en: The variable's name plays no part: a model with other names restores all the same.
# zh: 变量名不起作用：名称不同的模型照样能恢复。
renamed = Model(name="renamed")
renamed.encoder = Dense(name="something_else", value=(0.0, 0.0))
tf.train.Checkpoint(model=renamed).read(saved).assert_consumed()
print(renamed.encoder.w.name, renamed.encoder.w.numpy())

# %%
# en: A TF1 checkpoint, written by tf.compat.v1.train.Saver, is keyed by variable name.
# zh: TF1 的检查点由 tf.compat.v1.train.Saver 写出，按变量名作键。
v1 = tf.compat.v1
with tf.Graph().as_default():
    with v1.variable_scope("encoder"):
        v1.get_variable("w", initializer=[5.0, 6.0])
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        old = v1.train.Saver().save(sess, "tf1/ckpt")
print(tf.train.list_variables(old))

# %%
# en: To read it into TF2 objects, look each value up by its old name and assign it.
# zh: 要把它读进 TF2 的对象，就按旧名称逐个取出值再赋给变量。
reader = tf.train.load_checkpoint(old)
model = Model()
model.encoder.w.assign(reader.get_tensor("encoder/w"))
print(model.encoder.w.numpy())

# %%
# en: tf.train.Checkpoint.restore also reads a TF1 checkpoint, matching by variable name.
# zh: tf.train.Checkpoint.restore 也能读 TF1 检查点，按变量名匹配。
named = Model()
named.encoder = Dense(name="encoder")
tf.train.Checkpoint(model=named).restore(old)
print(named.encoder.w.name, named.encoder.w.numpy())
# en: A variable whose name differs is left as it was; assert_consumed says which.
# zh: 名称不同的变量保持原样；assert_consumed 会指出是哪一个。
status = tf.train.Checkpoint(model=Model()).restore(old)
try:
    status.assert_consumed()
except AssertionError as error:
    print(str(error).strip().splitlines()[-1].strip())
