import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def make(tag):
    var = tf.Variable([1.0], name=f"{tag}_var")
    got = tf.get_variable(f"{tag}_got", shape=[1])
    op = tf.identity(got, name=f"{tag}_op")
    for item in [var, got, op]:
        print(item.name)


# %%
# en: name_scope inside variable_scope: get_variable sees only the variable_scope.
# zh: 变量作用域内嵌名称作用域：get_variable 只看变量作用域。
with tf.variable_scope("vs"), tf.name_scope("ns"):
    make("a")

# %%
# en: variable_scope inside name_scope: the outer name_scope is dropped for get_variable.
# zh: 名称作用域内嵌变量作用域：对 get_variable 而言，外层名称作用域被忽略。
with tf.name_scope("ns"), tf.variable_scope("vs"):
    make("b")

# %%
# en: Three levels deep, the rule still holds.
# zh: 嵌套三层，规则依然成立。
with tf.name_scope("outer"), tf.variable_scope("vs"), tf.name_scope("inner"):
    make("c")
