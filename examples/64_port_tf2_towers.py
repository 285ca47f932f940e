import keras
import numpy as np
import tensorflow as tf

# en: The same towers, same initial values, same data and the same loss.
# zh: 同样的塔、同样的初始值、同样的数据和同样的损失。
W = [[0.5, -0.5], [0.25, 1.0]]
B = [0.0, 0.1]
LEFT = tf.constant([[1.0, 2.0]])
RIGHT = tf.constant([[3.0, 4.0]])
TARGET = tf.constant([[1.0, 0.0]])
TF1_VARIABLES = 2


def loss_of(tower):
    return tf.reduce_mean(tf.square(tower(LEFT) + tower(RIGHT) - TARGET))


def train_one_step(tower, variables):
    before = [v.numpy().copy() for v in variables]
    with tf.GradientTape() as tape:
        loss = loss_of(tower)
    gradients = tape.gradient(loss, variables)
    keras.optimizers.SGD(0.01).apply_gradients(zip(gradients, variables, strict=True))
    print("loss", round(float(loss), 4))
    for value in variables:
        print(np.round(value.numpy().astype(np.float64), 4).tolist())
    # en: The check: as many weights as TF1 had, and every one moved.
    # zh: 检查：权重个数与 TF1 相同，而且每一个都变了。
    moved = [not np.array_equal(old, new.numpy()) for old, new in zip(before, variables, strict=True)]
    print(len(variables) == TF1_VARIABLES, all(moved))


# en: Keras 3: the layer creates its weights with add_weight; sharing is calling it twice.
# zh: Keras 3：层用 add_weight 创建权重；共享就是把它调用两次。
class Tower(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(2, 2), initializer=keras.initializers.Constant(W))
        self.b = self.add_weight(name="b", shape=(2,), initializer=keras.initializers.Constant(B))

    def call(self, x):
        return tf.matmul(x, self.w) + self.b


layer = Tower(name="tower")
# en: A Keras layer has no weights until its first call builds them.
# zh: Keras 层在第一次调用建好权重之前，一个权重也没有。
print(len(layer.weights), end=" ")
layer(LEFT)
print([w.path for w in layer.weights])
train_one_step(layer, layer.trainable_weights)


# %%
# en: tf.Module: the module creates its variables in __init__.
# zh: tf.Module：模块在 __init__ 中创建变量。
class ModuleTower(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(W, name="w")
            self.b = tf.Variable(B, name="b")

    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


module = ModuleTower(name="tower")
train_one_step(module, [module.w, module.b])
print([v.name for v in module.trainable_variables])
