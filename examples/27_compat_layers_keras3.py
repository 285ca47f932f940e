import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: The TF1 layer helpers are Keras wrappers, and TF 2.16+ installs Keras 3 by default,
# zh: TF1 的层辅助函数是对 Keras 的封装，而 TF 2.16 起默认安装 Keras 3，
# en: which is why the examples on this site call get_variable directly.
# zh: 所以本站示例直接调用 get_variable。
x = tf.constant([[1.0, 2.0]])
try:
    tf.layers.dense(x, 2)
except AttributeError as e:
    print(f"{type(e).__name__}: {e}")
try:
    tf.nn.rnn_cell.BasicRNNCell(3)
except AttributeError as e:
    print(f"{type(e).__name__}: {e}")
