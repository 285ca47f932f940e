import os

with open("written-by-example.txt", "w") as stream:
    stream.write("data")
print(sorted(os.listdir(".")))
