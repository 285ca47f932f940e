import warnings

import keras
import numpy as np
import tensorflow as tf

v1 = tf.compat.v1


# en: TF1 code moved into a Keras 3 layer as it was, without the tf-keras shim.
# zh: 把 TF1 代码原样搬进 Keras 3 的层里，没有用 tf-keras 的兼容工具。
class Linear(keras.layers.Layer):
    def call(self, x):
        with v1.variable_scope("linear", reuse=v1.AUTO_REUSE):
            w = v1.get_variable("w", shape=[2, 1], initializer=v1.ones_initializer())
        return tf.matmul(x, w)


x = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
y = np.array([[1.0], [2.0]], dtype="float32")
layer = Linear()
# en: It runs, and the weight count does not grow: it stays at zero.
# zh: 它能运行，权重个数也没有增长：一直是零。
layer(x)
print(len(layer.weights))
layer(x)
print(len(layer.weights))

# %%
# en: Training it: Keras warns, and the loss never moves.
# zh: 训练它：Keras 发出警告，损失一动不动。
model = keras.Sequential([keras.Input((2,)), layer])
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    history = model.fit(x, y, epochs=3, verbose=0)
print(sorted({str(warning.message) for warning in caught}))
print(history.history["loss"])
