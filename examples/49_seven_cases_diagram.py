import _diagram as d
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# en: The seven cases again, recording each call: (case, the call as written, the variable).
# zh: 再跑一遍七种情形，记下每次调用：（情形，调用的写法，得到的变量）。
init = tf.constant_initializer(1.0)
calls = []


def variable(case, name):
    calls.append((case, f"tf.Variable('{name}')", tf.Variable([1.0], name=name), None))


def get_variable(case, name):
    key = f"{tf.get_variable_scope().name}/{name}".lstrip("/")
    got = tf.get_variable(name, shape=[1], initializer=init)
    calls.append((case, f"tf.get_variable('{name}')", got, key))


variable(1, "var1")
variable(1, "var1")
with tf.variable_scope("var_scope1"):
    variable(2, "var1")
    variable(2, "var1")
with tf.name_scope("name_scope1"):
    variable(3, "var1")
    variable(3, "var1")
with tf.variable_scope("var_scope2"):
    variable(4, "var1")
with tf.name_scope("name_scope2"):
    variable(5, "var1")
with tf.variable_scope("var_scope3", reuse=tf.AUTO_REUSE):
    get_variable(6, "var")
    get_variable(6, "var")
with tf.name_scope("name_scope3"):
    get_variable(7, "var1")
    get_variable(7, "var")

# %%
# en: What the graph holds: each variable's op name, and the store key that gives it back.
# zh: 图里实际有什么：每个变量的操作名，以及能把它取回来的存储键。
with tf.variable_scope(tf.VariableScope(reuse=True, name="")):
    rows = []
    for case, call, var, key in calls:
        if key is not None and tf.get_variable(key) is not var:
            key = None
        rows.append((case, call, var.op.name, key))
for case, call, op_name, key in rows:
    print(f"{case}  {call:<24} op {op_name:<20} key {key or '-'}")

# %%
# en: The picture is drawn from those rows only.
# zh: 下面这张图只根据这些行来画。
collisions = {}
for row, (_, _, op_name, key) in enumerate(rows):
    if key is not None and op_name != key:
        earlier = [r for r in range(row) if rows[r][2] == key or rows[r][2].startswith(key + "_")]
        collisions[row] = earlier
# en: Narrow enough for a phone: each call on one line, its op name and key on the line below.
# zh: 窄到能在手机上看全：每次调用占一行，它的操作名和键在下一行。
top, width, row_height, note = 62, 360, 50, 36
height = top + row_height * len(rows) + note * len(collisions) + 6
picture = d.drawing(
    width,
    height,
    "The seven cases: each call, the name the graph gave its op, and its key in the variable store. "
    "The tf.get_variable('var1') of Case 7 is stored under the key var1, but its op is named var1_2, "
    "because the two tf.Variable ops of Case 1 already took var1 and var1_1.",
    "七种情形：每次调用、图给它的操作起的名字，以及它在变量存储中的键。"
    "情形 7 的 tf.get_variable('var1') 存在键 var1 下，操作名却是 var1_2，"
    "因为情形 1 的两个 tf.Variable 操作已经占用了 var1 和 var1_1。",
)
head = d.arrow_head()
picture.append(d.words("call", "调用", 10, 18, font_weight="bold"))
picture.append(d.words("op name (graph)", "操作名（图）", 20, 38, font_weight="bold"))
picture.append(d.words("key (store)", "键（变量存储）", 222, 38, font_weight="bold"))
picture.append(d.words("tf.Variable has none", "tf.Variable 没有键", 222, 56, class_="muted"))
blockers = {r for earlier in collisions.values() for r in earlier}
y = top
for row, (case, call, op_name, key) in enumerate(rows):
    accent = "accent" if row in collisions or row in blockers else ""
    picture.append(d.words(f"Case {case}", f"情形 {case}", 10, y + 16))
    picture.append(d.code(call, 70, y + 16))
    picture.append(d.box(20, y + 24, 172, 22, accent))
    picture.append(d.code(op_name, 28, y + 40))
    if key is not None:
        picture.append(d.arrow(220, y + 35, 194, y + 35, head))
        picture.append(d.box(222, y + 24, 130, 22, accent))
        picture.append(d.code(key, 230, y + 40))
    y += row_height
    if row in collisions:
        taken = "、".join(rows[r][2] for r in collisions[row])
        joined = taken.replace("、", " and ")
        english = [f"{key} is free in the store, but the graph", f"has {joined}: the op is {op_name}"]
        chinese = [f"存储中 {key} 还没被用，但图里已有", f"{taken}：操作名成了 {op_name}"]
        picture.append(d.lines(english, chinese, 20, y + 8, class_="accent"))
        y += note
picture.save_svg("seven_cases.svg")
print("wrote seven_cases.svg")
