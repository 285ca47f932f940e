import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: Case 4 exactly as the 2017 article printed it, typo included.
# zh: 按 2017 年原文印出的样子（连同拼写错误）运行情形 4。
with tf.variab_scope("var_scope2"):
    var7 = tf.Variable([1.0], name="var1", dtype=tf.float32)
