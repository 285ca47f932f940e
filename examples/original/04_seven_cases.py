import tensorflow as tf
# 1
var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 2
with tf.variable_scope('var_scope1'):
    var3 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
    var4 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 3    
with tf.name_scope('name_scope1'):
    var5 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
    var6 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 4
with tf.variab_scope('var_scope2'):
    var7 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
# 5
with tf.name_scope('name_scope2'):
    var8 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
# 6
initializer = tf.constant_initializer(value=1)
with tf.variable_scope('var_scope3', reuse=tf.AUTO_REUSE):
    var9 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)
    var10 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)
# 7    
with tf.name_scope('name_scope3'):
    var11 = tf.get_variable(name='var1', initializer=initializer, shape=[1], dtype=tf.float32)
    var12 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(var1.name)
    print(sess.run(var1))
    print(var2.name)
    print(sess.run(var2))
    
    print(var3.name)
    print(sess.run(var3))
    print(var4.name)
    print(sess.run(var4))
    
    print(var5.name)
    print(sess.run(var5))
    print(var6.name)
    print(sess.run(var6))

    print(var7.name)
    print(sess.run(var7))
    print(var8.name)
    print(sess.run(var8))
    
    print(var9.name)
    print(sess.run(var9))
    print(var10.name)
    print(sess.run(var10))

    print(var11.name)
    print(sess.run(var11))
    print(var12.name)
    print(sess.run(var12))
