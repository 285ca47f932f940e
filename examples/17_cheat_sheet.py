import contextlib

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def create(api):
    if api == "tf.Variable":
        return tf.Variable([1.0], name="v")
    return tf.get_variable("v", shape=[1])


def first_scope(inside):
    if inside == "name_scope('ns')":
        return tf.name_scope("ns")
    if inside == "variable_scope('vs')":
        return tf.variable_scope("vs")
    return contextlib.nullcontext()


@contextlib.contextmanager
def second_scope(inside, reuse):
    # en: Without a named variable_scope, reuse is set on the current (root) scope.
    # zh: 没有具名变量作用域时，就在当前（根）变量作用域上设置 reuse。
    if inside == "variable_scope('vs')":
        with tf.variable_scope("vs", reuse=reuse):
            yield
    else:
        with first_scope(inside):
            with tf.variable_scope(tf.get_variable_scope(), reuse=reuse):
                yield


apis = ["tf.Variable", "tf.get_variable"]
insides = ["-", "name_scope('ns')", "variable_scope('vs')"]
reuses = {"None": None, "True": True, "tf.AUTO_REUSE": tf.AUTO_REUSE}

print("| API | scope | reuse | `v1.name` | `v2.name` | `v1 is v2` |")
print("|---|---|---|---|---|---|")
for api in apis:
    for inside in insides:
        for reuse_label, reuse in reuses.items():
            with tf.Graph().as_default():
                with first_scope(inside):
                    v1 = create(api)
                try:
                    with second_scope(inside, reuse):
                        v2 = create(api)
                    name2, same = f"`{v2.name}`", v1 is v2
                except ValueError as e:
                    name2, same = type(e).__name__, "-"
            scope = inside if inside == "-" else f"`{inside}`"
            print(f"| `{api}` | {scope} | `{reuse_label}` | `{v1.name}` | {name2} | {same} |")
