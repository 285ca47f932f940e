import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: Case 7 of the seven-case listing, reduced: two tf.Variable ops named var1 exist already.
# zh: 七种情形中的情形 7（精简版）：图中已有两个名为 var1 的 tf.Variable 操作。
var1 = tf.Variable([1.0], name="var1")
var2 = tf.Variable([2.0], name="var1")
var11 = tf.get_variable("var1", shape=[1])
print(var1.op.name, var2.op.name, var11.op.name)
print(var11.name)

# %%
# en: get_variable keeps its own record under the requested name "var1",
# zh: get_variable 在自己的变量存储中用请求的名称 "var1" 登记，
# en: so reusing "var1" returns the variable whose op is named var1_2.
# zh: 所以复用 "var1" 时，得到的正是操作名为 var1_2 的那个变量。
with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    again = tf.get_variable("var1", shape=[1])
print(again.name)
print(again is var11)

# %%
# en: Asking for "var1_2" finds nothing: that name is only the op's.
# zh: 请求 "var1_2" 则找不到：这只是操作的名称。
with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    tf.get_variable("var1_2", shape=[1])
