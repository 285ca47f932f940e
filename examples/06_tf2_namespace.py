import tensorflow as tf

# en: Under TF 2.x the top-level namespace no longer holds the TF1 graph API;
# zh: 在 TF 2.x 中，顶层命名空间不再包含 TF1 的图模式 API；
# en: it lives on in tf.compat.v1.
# zh: 它们保留在 tf.compat.v1 中。
for name in ["get_variable", "variable_scope", "Session", "AUTO_REUSE", "name_scope", "Variable"]:
    print(f"{name}: tf={hasattr(tf, name)} tf.compat.v1={hasattr(tf.compat.v1, name)}")

# %%
# en: So the 2017 code fails at its first TF1-only call.
# zh: 因此 2017 年的代码在第一个 TF1 专有调用处就会失败。
var3 = tf.get_variable("var3", shape=[1])
