import os

import keras
import tensorflow as tf
import tf_keras

# en: TensorFlow is imported, and only now is TF_USE_LEGACY_KERAS set.
# zh: TensorFlow 已经导入，此时才设置 TF_USE_LEGACY_KERAS。
os.environ["TF_USE_LEGACY_KERAS"] = "1"

# en: The first access to tf.keras reads the variable: it picks tf-keras.
# zh: 第一次访问 tf.keras 时才读取这个变量：选中的是 tf-keras。
print(tf.keras.layers.Layer is tf_keras.layers.Layer)

# %%
# en: Later changes do not move tf.keras, but tf.compat.v1.keras, first used now, reads them.
# zh: 之后再改不会影响 tf.keras；而 tf.compat.v1.keras 是现在才第一次用到，会读到新值。
os.environ["TF_USE_LEGACY_KERAS"] = "0"
print(tf.keras.layers.Layer is tf_keras.layers.Layer)
print(tf.compat.v1.keras.layers.Layer is keras.layers.Layer)
