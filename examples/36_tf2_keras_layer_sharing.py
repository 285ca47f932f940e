import keras
import tensorflow as tf

# en: One Keras layer called on two inputs: its weights are created once.
# zh: 一个 Keras 层作用于两路输入：权重只创建一次。
dense = keras.layers.Dense(2, kernel_initializer="ones")
left = dense(tf.constant([[1.0, 2.0]]))
right = dense(tf.constant([[3.0, 4.0]]))
print(left.numpy(), right.numpy())
print(len(dense.weights))

# %%
# en: Keras 3 keeps the short name in .name and the scoped one in .path.
# zh: Keras 3 在 .name 中保存短名称，在 .path 中保存带作用域的名称。
for w in dense.weights:
    print(w.name, w.path)

# %%
# en: The same in a functional siamese model: two inputs, one layer, two weights.
# zh: 函数式写法的孪生模型也一样：两路输入，一个层，两个权重。
tower = keras.layers.Dense(2, name="tower")
in_left = keras.Input(shape=(2,))
in_right = keras.Input(shape=(2,))
model = keras.Model([in_left, in_right], [tower(in_left), tower(in_right)])
print([w.path for w in model.weights])
