import keras
import tensorflow as tf

# en: Since TF 2.16, tf.compat.v1.keras is Keras 3 (the keras package) unless told otherwise,
# zh: 从 TF 2.16 起，若不另行设置，tf.compat.v1.keras 就是 Keras 3（即 keras 包），
# en: and Keras 3 no longer has the TF1 migration helpers.
# zh: 而 Keras 3 已不再提供 TF1 迁移工具。
print(tf.compat.v1.keras.layers.Layer is keras.layers.Layer)
print(hasattr(tf.compat.v1.keras.utils, "track_tf1_style_variables"))

# %%
decorator = tf.compat.v1.keras.utils.track_tf1_style_variables
