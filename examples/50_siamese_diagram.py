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
# en: Narrow enough for a phone: the two towers one above the other, the one set of variables
# en: beside them, an arrow from each variable to every op that reads it.
# zh: 窄到能在手机上看全：两座塔上下排列，唯一的一套变量在旁边，每个变量都有箭头指向读它的操作。
width, step, box_width = 360, 40, 150
starts = [40]
starts.append(starts[0] + 24 + step * len(towers[0]) + 12)
height = starts[1] + 24 + step * len(towers[1])
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
middle = 205
# en: The variables sit halfway between the towers, one under the other.
# zh: 变量放在两座塔之间的高度，上下排开。
centre = (starts[0] + height) / 2
first = centre - step * (len(variables) - 1) / 2
picture.append(d.words("variables (one set)", "变量（只有一套）", middle, first - 20, font_weight="bold"))
places = {}
for index, name in enumerate(variables):
    y = centre + step * (index - (len(variables) - 1) / 2)
    picture.append(d.box(middle, y - 12, box_width, 24, "accent"))
    picture.append(d.code(name, middle + 8, y + 4))
    places[name] = y
for number, ops in enumerate(towers):
    label = f"tower {number + 1} (ops)", f"塔 {number + 1}（操作）"
    picture.append(d.words(*label, 10, starts[number] - 16 + (8 if number else 0), font_weight="bold"))
    for row, (name, variable) in enumerate(ops):
        y = starts[number] + (8 if number else 0) + step * row + 12
        picture.append(d.box(10, y - 12, box_width, 24))
        picture.append(d.code(name, 18, y + 4))
        if row:
            picture.append(d.arrow(85, y - step + 12, 85, y - 14, head))
        if variable is not None:
            picture.append(d.arrow(middle - 2, places[variable], 10 + box_width + 4, y, head, "accent"))
picture.save_svg("siamese.svg")
print("wrote siamese.svg")
