import helper

# en: The first cell.
# zh: 第一个单元。
print("name:0")
print(helper.GREETING)
# %%
# en: The second cell.
# zh: 第二个单元。
values = [1.0, 2.0]
print("values", values)
