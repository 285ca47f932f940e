import keras
import tensorflow as tf

v1 = tf.compat.v1

# en: The TF1 checkpoint of the two towers, keyed by variable name.
# zh: 双塔模型的 TF1 检查点，以变量名为键。
with tf.Graph().as_default():
    with v1.variable_scope("tower"):
        v1.get_variable("w", initializer=[[0.5, -0.5], [0.25, 1.0]])
        v1.get_variable("b", initializer=[0.0, 0.1])
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        old = v1.train.Saver().save(sess, "tf1/ckpt")
print(tf.train.list_variables(old))


# %%
# en: Keras names unnamed layers in order of creation, so the paths shift from one build to the next.
# zh: Keras 按创建顺序给没有名称的层命名，所以每搭一次，路径就变一次。
def build():
    inputs = keras.Input((2,))
    return keras.Model(inputs, keras.layers.Dense(2)(inputs))


print([w.path for w in build().weights])
print([w.path for w in build().weights])


# %%
# en: Named layers keep their paths; here they are the TF1 names.
# zh: 有名称的层路径固定；这里的路径正是 TF1 的名称。
class Tower(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(2, 2), initializer="zeros")
        self.b = self.add_weight(name="b", shape=(2,), initializer="zeros")

    def call(self, x):
        return tf.matmul(x, self.w) + self.b


inputs = keras.Input((2,))
model = keras.Model(inputs, Tower(name="tower")(inputs))
print([w.path for w in model.weights])

# %%
# en: Keras 3 refuses a TensorFlow checkpoint...
# zh: Keras 3 不接受 TensorFlow 检查点……
try:
    model.load_weights(old)
except ValueError as error:
    print(str(error).split(". ")[0])
# en: ...and tf.train.Checkpoint's name-based restore leaves Keras 3 weights as they were.
# zh: ……而 tf.train.Checkpoint 按名称恢复时，Keras 3 的权重保持原样。
tf.train.Checkpoint(model=model).restore(old)
print(model.weights[0].numpy().tolist())

# %%
# en: What works: a name map, here from each weight's path to the TF1 name.
# zh: 行得通的办法：建一张名称对照表，这里是从每个权重的路径到 TF1 名称。
reader = tf.train.load_checkpoint(old)
for weight in model.weights:
    weight.assign(reader.get_tensor(weight.path))
print(model.weights[0].numpy().tolist())
# en: Then save in Keras 3's own format, and load that from now on.
# zh: 然后存成 Keras 3 自己的格式，以后就加载这个文件。
model.save_weights("towers.weights.h5")
inputs = keras.Input((2,))
again = keras.Model(inputs, Tower(name="tower")(inputs))
again.load_weights("towers.weights.h5")
print([round(value, 4) for value in again.weights[1].numpy().tolist()])
