import os

os.mkdir("x.svg")
print("left a folder")
