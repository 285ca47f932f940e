import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

sess = tf.Session()
initializer = tf.constant_initializer(1.0)


def show(*variables):
    sess.run(tf.variables_initializer(variables))
    for v in variables:
        print(v.name)
        print(sess.run(v))


# %%
# en: Case 1: tf.Variable twice with the same name, no scope.
# zh: 情形 1：不加作用域，用同一名称调用 tf.Variable 两次。
var1 = tf.Variable([1.0], name="var1", dtype=tf.float32)
var2 = tf.Variable([2.0], name="var1", dtype=tf.float32)
show(var1, var2)

# %%
# en: Case 2: the same inside a variable_scope.
# zh: 情形 2：同样的代码放进变量作用域 (variable_scope)。
with tf.variable_scope("var_scope1"):
    var3 = tf.Variable([1.0], name="var1", dtype=tf.float32)
    var4 = tf.Variable([2.0], name="var1", dtype=tf.float32)
show(var3, var4)

# %%
# en: Case 3: the same inside a name_scope.
# zh: 情形 3：同样的代码放进名称作用域 (name_scope)。
with tf.name_scope("name_scope1"):
    var5 = tf.Variable([1.0], name="var1", dtype=tf.float32)
    var6 = tf.Variable([2.0], name="var1", dtype=tf.float32)
show(var5, var6)

# %%
# en: Case 4: one tf.Variable in another variable_scope.
# zh: 情形 4：在另一个变量作用域中调用一次 tf.Variable。
with tf.variable_scope("var_scope2"):
    var7 = tf.Variable([1.0], name="var1", dtype=tf.float32)
show(var7)

# %%
# en: Case 5: one tf.Variable in another name_scope.
# zh: 情形 5：在另一个名称作用域中调用一次 tf.Variable。
with tf.name_scope("name_scope2"):
    var8 = tf.Variable([1.0], name="var1", dtype=tf.float32)
show(var8)

# %%
# en: Case 6: tf.get_variable twice with the same name, reuse=tf.AUTO_REUSE.
# zh: 情形 6：在 reuse=tf.AUTO_REUSE 的变量作用域中，用同一名称调用 tf.get_variable 两次。
with tf.variable_scope("var_scope3", reuse=tf.AUTO_REUSE):
    var9 = tf.get_variable("var", shape=[1], dtype=tf.float32, initializer=initializer)
    var10 = tf.get_variable("var", shape=[1], dtype=tf.float32, initializer=initializer)
show(var9, var10)

# %%
# en: Case 7: tf.get_variable inside a name_scope.
# zh: 情形 7：在名称作用域中调用 tf.get_variable。
with tf.name_scope("name_scope3"):
    var11 = tf.get_variable("var1", shape=[1], dtype=tf.float32, initializer=initializer)
    var12 = tf.get_variable("var", shape=[1], dtype=tf.float32, initializer=initializer)
show(var11, var12)

sess.close()
