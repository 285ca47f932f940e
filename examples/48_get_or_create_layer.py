import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import tensorflow as tf
import tf_keras

v1 = tf.compat.v1


# en: A Keras layer created inside the decorated method is a new layer on every call.
# zh: 在被装饰的方法里直接创建 Keras 层，每次调用都是一个新层。
class Fresh(tf_keras.layers.Layer):
    @v1.keras.utils.track_tf1_style_variables
    def call(self, x):
        return tf_keras.layers.Dense(1, kernel_initializer="ones")(x)


fresh = Fresh()
fresh(tf.constant([[1.0, 2.0]]))
fresh(tf.constant([[3.0, 4.0]]))
print(len(fresh.weights))


# %%
# en: get_or_create_layer builds it on the first call and hands it back on every later one.
# zh: get_or_create_layer 在第一次调用时建好这个层，之后每次都把它交回来。
class Kept(tf_keras.layers.Layer):
    @v1.keras.utils.track_tf1_style_variables
    def call(self, x):
        with v1.variable_scope("block"):
            dense = v1.keras.utils.get_or_create_layer(
                "dense", lambda: tf_keras.layers.Dense(1, kernel_initializer="ones", name="dense")
            )
            return dense(x)


kept = Kept()
left = kept(tf.constant([[1.0, 2.0]]))
right = kept(tf.constant([[3.0, 4.0]]))
print(left.numpy(), right.numpy())
print([w.name for w in kept.weights])
