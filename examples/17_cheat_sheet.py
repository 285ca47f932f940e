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

print("| `create` | `with` | `reuse=` | `v1.name` | `v2.name` | `v1 is v2` |")
print("|---|---|---|---|---|---|")
for api in apis:
    for inside in insides:
        for reuse_label, reuse in reuses.items():
            with tf.Graph().as_default():
                v1 = first_call(api, inside)
                try:
                    v2 = second_call(api, inside, reuse)
                    name2, same = f"`{v2.name}`", v1 is v2
                except ValueError as e:
                    name2, same = type(e).__name__, "-"
            scope = inside if inside == "-" else f"`{inside}`"
            print(f"| `{api}` | {scope} | `{reuse_label}` | `{v1.name}` | {name2} | {same} |")
