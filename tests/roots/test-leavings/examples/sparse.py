# A sparse file of 1.5 GB: it takes no space, but reading it whole takes 1.5 GB of memory.
with open("big.svg", "wb") as stream:
    stream.truncate(1_500_000_000)
print("left a sparse file")
