if True:
    print("one")
# %%
    print("two")
