# Opens the kernel's core_pattern for writing: whoever writes it runs a program as root outside on
# the next crash. Opened only; nothing is written.
try:
    with open("/proc/sys/kernel/core_pattern", "w"):
        print("core_pattern: opened for writing")
except OSError as error:
    print("core_pattern refused:", error.strerror)
