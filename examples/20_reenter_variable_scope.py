import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

with tf.variable_scope("foo") as foo:
    v = tf.get_variable("v", shape=[1])
    x = tf.add(v, 1.0, name="x")
print(v.name, x.name, foo.original_name_scope)

# %%
# en: Re-entering by string: variables go back to foo/, ops get a new name scope.
# zh: 用字符串重新进入：变量回到 foo/，操作则得到新的名称作用域。
with tf.variable_scope("foo", reuse=True):
    v = tf.get_variable("v", shape=[1])
    x = tf.add(v, 1.0, name="x")
print(v.name, x.name)

# %%
# en: Re-entering by the scope object does the same.
# zh: 用作用域对象重新进入，结果相同。
with tf.variable_scope(foo, reuse=True):
    v = tf.get_variable("v", shape=[1])
    x = tf.add(v, 1.0, name="x")
print(v.name, x.name)

# %%
# en: To put the ops back into foo/, skip the extra name scope and reopen the original one.
# zh: 若想让操作回到 foo/，就不创建额外的名称作用域，而是重新打开原来的那个。
with tf.variable_scope(foo, reuse=True, auxiliary_name_scope=False), tf.name_scope(foo.original_name_scope):
    v = tf.get_variable("v", shape=[1])
    x = tf.add(v, 1.0, name="x")
print(v.name, x.name)

# %%
# en: Inside another scope, a string is relative but a captured scope object is absolute
# zh: 在另一个作用域内部，字符串是相对的，而捕获的作用域对象是绝对的
# en: for variables; its ops still open a name scope under the current one.
# zh: （仅对变量而言）；其中的操作仍在当前名称作用域之下新开一层。
with tf.variable_scope("outer"):
    with tf.variable_scope("foo"):
        by_string = tf.get_variable("v", shape=[1])
    with tf.variable_scope(foo, reuse=True):
        by_object = tf.get_variable("v", shape=[1])
        x = tf.add(by_object, 1.0, name="x")
print(by_string.name)
print(by_object.name, x.name)
