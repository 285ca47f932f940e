import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def where(label):
    variable_scope = tf.get_variable_scope().name
    name_scope = tf.get_default_graph().get_name_scope()
    print(f"{label:<24} variable scope {variable_scope!r:<10} name scope {name_scope!r}")


# en: The variable scope names variables; the name scope names ops. Here they agree.
# zh: 变量作用域决定变量名，名称作用域决定操作名。这里两者一致。
with tf.variable_scope("model") as model:
    where("in model")
    # en: A name scope moves only the name scope.
    # zh: 名称作用域只改变名称作用域。
    with tf.name_scope("block"):
        where("in model, block")

# %%
# en: Re-entered, the variable scope is the same, the name scope is new.
# zh: 再次进入时，变量作用域不变，名称作用域却是新的。
with tf.variable_scope("model") as again:
    where("model again")
# en: Each entry's scope object keeps the name scope that entry opened.
# zh: 每次进入得到的作用域对象，记着的是那一次打开的名称作用域。
print(model.name, model.original_name_scope, again.original_name_scope)

# %%
# en: A variable scope inside a name scope: the two already differ on first entry.
# zh: 名称作用域里的变量作用域：第一次进入时两者就已不同。
with tf.name_scope("outer"), tf.variable_scope("inner") as inner:
    where("in outer, inner")
print(inner.name, inner.original_name_scope)
