import tensorflow as tf

# en: The calls of each of the original's listings, in order, under TF2's `import tensorflow as tf`.
# zh: 原文每段代码中的调用，按顺序排列，在 TF2 的 `import tensorflow as tf` 下执行。
LISTINGS = {
    "Listing 1": [
        "var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)",
        "var2 = tf.Variable(name='var2', initial_value=[2], dtype=tf.float32)",
        "initializer = tf.constant_initializer(value=1)",
        "var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)",
    ],
    "Listing 2": [
        "var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)",
        "var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)",
        "sess = tf.Session()",
    ],
    "Listing 3": [
        "initializer = tf.constant_initializer(value=1)",
        "var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)",
    ],
    "seven cases": [
        "var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)",
        "var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)",
        "scope = tf.variable_scope('var_scope1')",
    ],
}

for listing, calls in LISTINGS.items():
    namespace = {"tf": tf}
    for number, call in enumerate(calls, start=1):
        try:
            exec(call, namespace)
        except AttributeError as error:
            print(f"{listing}, call {number}: {error}")
            break
