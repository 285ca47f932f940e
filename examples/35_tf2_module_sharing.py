import tensorflow as tf


class Linear(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.ones([2, 1]), name="w")
            self.b = tf.Variable(tf.zeros([1]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


# en: In TF2, sharing means calling the same Python object twice.
# zh: 在 TF2 中，变量共享就是把同一个 Python 对象调用两次。
linear = Linear(name="linear")
left = linear(tf.constant([[1.0, 2.0]]))
right = linear(tf.constant([[3.0, 4.0]]))
print(left.numpy(), right.numpy())
print([v.name for v in linear.trainable_variables])

# %%
# en: A second object means a second set of weights.
# zh: 第二个对象就意味着第二套权重。
other = Linear(name="linear")
print([v.name for v in other.trainable_variables])
print(other.w is linear.w)


# %%
# en: The list follows the attribute names (a_weight, b_weight), not the variable names.
# zh: 列表按属性名（a_weight、b_weight）排序，而不是按变量名。
class Ordered(tf.Module):
    def __init__(self):
        super().__init__(name="ordered")
        self.b_weight = tf.Variable(1.0, name="first")
        self.a_weight = tf.Variable(2.0, name="second")


print([v.name for v in Ordered().trainable_variables])
