import _diagram as d
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def tower(x):
    w = tf.get_variable("w", shape=[2, 2], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", shape=[2], initializer=tf.zeros_initializer())
    return tf.nn.relu(tf.matmul(x, w) + b)


# en: The siamese towers: the second call reuses the first one's weights.
# zh: 孪生双塔：第二次调用复用第一次的权重。
with tf.variable_scope("siamese"):
    left = tower(tf.constant([[1.0, 2.0]]))
with tf.variable_scope("siamese", reuse=True):
    right = tower(tf.constant([[3.0, 4.0]]))


def ops_and_weights(output):
    """The ops of one tower, in the order they run, and the variable each one reads."""
    found, order = {}, []

    def visit(op):
        if op.name in found or op.type in ("Const", "VariableV2"):
            return
        found[op.name] = None
        for tensor in op.inputs:
            source = tensor.op
            if source.type == "Identity" and source.inputs[0].op.type == "VariableV2":
                found[op.name] = source.inputs[0].op.name
            else:
                visit(source)
        order.append(op.name)

    visit(output.op)
    return [(name, found[name]) for name in order]


# %%
# en: What the graph holds: each tower's ops, and which variable each op reads.
# zh: 图里实际有什么：每座塔的操作，以及每个操作读取的变量。
towers = [ops_and_weights(left), ops_and_weights(right)]
for number, ops in enumerate(towers, start=1):
    for name, variable in ops:
        print(f"tower {number}: {name:<16} reads {variable or '-'}")
variables = [v.op.name for v in tf.global_variables()]
print("variables:", variables)

# %%
# en: The picture is drawn from those lists only.
# zh: 下面这张图只根据这些列表来画。
rows = max(len(ops) for ops in towers)
width, top = 700, 60
height = top + rows * 44 + 20
picture = d.drawing(
    width,
    height,
    f"Siamese towers: tower 1 runs in {towers[0][0][0].split('/')[0]}/ and tower 2 in "
    f"{towers[1][0][0].split('/')[0]}/, two separate sets of ops, and both read the same "
    f"{len(variables)} variables: {', '.join(variables)}.",
    f"孪生双塔：塔 1 的操作在 {towers[0][0][0].split('/')[0]}/ 下，塔 2 的在 "
    f"{towers[1][0][0].split('/')[0]}/ 下，是两套各自独立的操作，读的却是同样的 "
    f"{len(variables)} 个变量：{'、'.join(variables)}。",
)
head = d.arrow_head()
columns = {0: 10, 1: 500}
middle = 265
picture.append(d.words("tower 1 (ops)", "塔 1（操作）", columns[0], 24, font_weight="bold"))
picture.append(d.words("tower 2 (ops)", "塔 2（操作）", columns[1], 24, font_weight="bold"))
picture.append(d.words("variables (one set)", "变量（只有一套）", middle, 24, font_weight="bold"))
places = {}
for index, name in enumerate(variables):
    y = top + 44 * index + 22
    picture.append(d.box(middle, y - 16, 170, 24, "accent"))
    picture.append(d.code(name, middle + 8, y))
    places[name] = y - 4
for number, ops in enumerate(towers):
    x = columns[number]
    for row, (name, variable) in enumerate(ops):
        y = top + 44 * row + 22
        picture.append(d.box(x, y - 16, 190, 24))
        picture.append(d.code(name, x + 8, y))
        if row:
            picture.append(d.arrow(x + 95, y - 36, x + 95, y - 20, head))
        if variable is not None:
            start, end = (x + 190, middle - 4) if number == 0 else (x, middle + 174)
            picture.append(d.arrow(end, places[variable], start + (4 if number == 0 else -4), y - 4, head, "accent"))
picture.save_svg("siamese.svg")
print("wrote siamese.svg")
