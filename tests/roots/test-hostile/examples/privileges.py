# Shows the capabilities, no_new_privs and seccomp mode it runs with, and its ids outside.
from pathlib import Path

fields = ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")
for line in Path("/proc/self/status").read_text().splitlines():
    if line.split(":")[0] in fields:
        print(" ".join(line.split()))
print("uid_map:", " ".join(Path("/proc/self/uid_map").read_text().split()))
