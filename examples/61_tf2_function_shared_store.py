import tensorflow as tf

v1 = tf.compat.v1


def names(module):
    return [v.name for v in module.variables]


# en: Two separate modules whose traced __call__ asks the store with AUTO_REUSE.
# zh: 两个互不相干的模块，它们被追踪的 __call__ 都以 AUTO_REUSE 向变量存储要变量。
class Scale(tf.Module):
    @tf.function
    def __call__(self, x):
        with v1.variable_scope("scale", reuse=v1.AUTO_REUSE):
            w = v1.get_variable("w", shape=[], initializer=v1.ones_initializer())
        w.assign_add(1.0)
        return x * w


first = Scale(name="first")
second = Scale(name="second")
# en: The second module's call sees the increment of the first: one variable for both.
# zh: 第二个模块的调用看到了第一个模块的加一：两者共用一个变量。
print(first(tf.constant(1.0)).numpy(), second(tf.constant(1.0)).numpy())
# en: Neither module owns it.
# zh: 哪个模块都不拥有它。
print(names(first), names(second))


# %%
# en: Two different tf.functions, nothing in common but the name they ask for.
# zh: 两个不同的 tf.function，除了所要的名称之外毫无关系。
def write(x):
    with v1.variable_scope("shared", reuse=v1.AUTO_REUSE):
        w = v1.get_variable("w", shape=[], initializer=v1.zeros_initializer())
    w.assign(x)
    return x


def read():
    with v1.variable_scope("shared", reuse=v1.AUTO_REUSE):
        w = v1.get_variable("w", shape=[], initializer=v1.zeros_initializer())
    return w.read_value()


tf.function(write)(tf.constant(42.0))
print(tf.function(read)().numpy())
# en: The store they share is a collection of the default graph of the whole program.
# zh: 它们共用的存储是整个程序的默认图中的一个集合 (collection)。
store = v1.get_default_graph().get_collection(("__variable_store",))[0]
print(sorted(store._vars))


# %%
# en: The TF1 form with the default reuse: tf.function traces a function that creates a
# zh: 默认 reuse 的 TF1 写法：创建变量的函数会被 tf.function
# en: variable twice, and the second trace meets the variable of the first.
# zh: 追踪两次，第二次追踪遇到了第一次建出的变量。
def dense(x):
    print("tracing")
    with v1.variable_scope("dense"):
        w = v1.get_variable("w", shape=[], initializer=v1.ones_initializer())
    return x * w


try:
    tf.function(dense)(tf.constant(1.0))
except AttributeError as error:
    print(str(error).strip().splitlines()[-1].strip())
print(sorted(store._vars))
