import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: Each row runs "with SCOPE: v = CREATE" twice, in a new graph.
# en: ① and ② show what the first and the second call gave; "→" separates the scope of ①
# en: from the scope of ②. In ②, "=" means the same variable again, "+" a new one, "✗" an error.
# zh: 每一行在一张新图里把 "with SCOPE: v = CREATE" 运行两次。
# zh: ① 和 ② 是第一次、第二次调用得到的结果；"→" 左边是 ① 所在的作用域，右边是 ② 的。
# zh: ② 一列中，"=" 表示又拿到同一个变量，"+" 表示新建了变量，"✗" 表示报错。
rows = [
    ('tf.name_scope("s")', 'tf.Variable(0.0, name="v")'),
    ('tf.name_scope("s")', 'tf.get_variable("v", [])'),
    ('tf.variable_scope("s")', 'tf.get_variable("v", [])'),
    ('tf.variable_scope("s") → tf.variable_scope("s", reuse=True)', 'tf.get_variable("v", [])'),
    ('tf.variable_scope("s", reuse=tf.AUTO_REUSE)', 'tf.get_variable("v", [])'),
]


def call(scope, create):
    """Run one call and return the variable it gave."""
    namespace = {"tf": tf}
    exec(f"with {scope}: v = {create}", namespace)
    return namespace["v"]


print("| `with` | `v =` | ① | ② |")
print("|---|---|---|---|")
for scopes, create in rows:
    first_scope, _, second_scope = scopes.partition(" → ")
    with tf.Graph().as_default():
        v1 = call(first_scope, create)
        try:
            v2 = call(second_scope or first_scope, create)
            second = f"= `{v2.name}`" if v2 is v1 else f"+ `{v2.name}`"
        except ValueError as error:
            second = f"✗ `{type(error).__name__}`"
    scope_cell = " → ".join(f"`{scope}`" for scope in scopes.split(" → "))
    print(f"| {scope_cell} | `{create}` | `{v1.name}` | {second} |")
