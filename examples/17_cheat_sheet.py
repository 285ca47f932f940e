import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def create(api):
    if api == "tf.Variable":
        return tf.Variable([1.0], name="v")
    return tf.get_variable("v", shape=[1])


def first_call(api, inside):
    if inside == "name_scope('ns')":
        with tf.name_scope("ns"):
            return create(api)
    if inside == "variable_scope('vs')":
        with tf.variable_scope("vs"):
            return create(api)
    return create(api)


def second_call(api, inside, reuse):
    if inside == "variable_scope('vs')":
        with tf.variable_scope("vs", reuse=reuse):
            return create(api)
    # en: Without a named variable_scope, reuse is set on the current (root) variable scope.
    # zh: 没有具名变量作用域时，就在当前（根）变量作用域上设置 reuse。
    with tf.variable_scope(tf.get_variable_scope(), reuse=reuse):
        if inside == "name_scope('ns')":
            with tf.name_scope("ns"):
                return create(api)
        return create(api)


apis = ["tf.Variable", "tf.get_variable"]
insides = ["-", "name_scope('ns')", "variable_scope('vs')"]
reuses = {"None": None, "True": True, "tf.AUTO_REUSE": tf.AUTO_REUSE}

# en: In the last column, "=" means the second call returned the first variable, "+" that it
# en: made a new one, "✗" that it raised.
# zh: 最后一列中，"=" 表示第二次调用返回了第一个变量，"+" 表示新建了变量，"✗" 表示抛出异常。
print("| `create` | `with` | `reuse=` | `v1.name` | `v2.name` |")
print("|---|---|---|---|---|")
for api in apis:
    for inside in insides:
        for reuse_label, reuse in reuses.items():
            with tf.Graph().as_default():
                v1 = first_call(api, inside)
                try:
                    v2 = second_call(api, inside, reuse)
                    second = f"= `{v2.name}`" if v2 is v1 else f"+ `{v2.name}`"
                except ValueError as e:
                    second = f"✗ {type(e).__name__}"
            scope = inside if inside == "-" else f"`{inside}`"
            print(f"| `{api}` | {scope} | `{reuse_label}` | `{v1.name}` | {second} |")
