import os

# en: Since TF 2.16 this shim lives in tf-keras; select it before TensorFlow is imported.
# zh: 从 TF 2.16 起，这个兼容工具位于 tf-keras 中；必须在导入 TensorFlow 之前选用它。
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf
import tf_keras

v1 = tf.compat.v1

# en: tf.compat.v1.keras is now tf-keras, which has the decorator.
# zh: 此时 tf.compat.v1.keras 就是 tf-keras，其中有这个装饰器。
print(v1.keras.layers.Layer is tf_keras.layers.Layer)
print(hasattr(v1.keras.utils, "track_tf1_style_variables"))


# en: tf-keras must have TensorFlow's major and minor version; the patch may differ.
# zh: tf-keras 的主版本号和次版本号必须与 TensorFlow 相同，修订号可以不同。
def minor(version):
    return version.split(".")[:2]


print(minor(tf_keras.__version__) == minor(tf.__version__))


# %%
# en: Unchanged TF1-style code inside call(); the decorator tracks its variables.
# zh: call() 中是原封不动的 TF1 风格代码；装饰器负责跟踪其中的变量。
class Linear(tf_keras.layers.Layer):
    @v1.keras.utils.track_tf1_style_variables
    def call(self, x):
        with v1.variable_scope("linear"):
            w = v1.get_variable("w", shape=[2, 1], initializer=v1.ones_initializer())
            b = v1.get_variable("b", shape=[1], initializer=v1.zeros_initializer())
        return tf.matmul(x, w) + b


layer = Linear()
left = layer(tf.constant([[1.0, 2.0]]))
right = layer(tf.constant([[3.0, 4.0]]))
print(left.numpy(), right.numpy())
print([w.name for w in layer.weights])


# %%
# en: It behaves as if reuse were AUTO_REUSE: asking twice in one call gives one variable.
# zh: 其行为如同 reuse=AUTO_REUSE：同一次调用中请求两次，得到的是同一个变量。
class Twice(tf_keras.layers.Layer):
    @v1.keras.utils.track_tf1_style_variables
    def call(self, x):
        first = v1.get_variable("w", shape=[1], initializer=v1.ones_initializer())
        second = v1.get_variable("w", shape=[1], initializer=v1.ones_initializer())
        print(first is second)
        return x * first + x * second


twice = Twice()
print(twice(tf.constant([1.0])).numpy())
print([w.name for w in twice.weights])
