# Writes into the output files of the runs next to it, while they run.
import glob
import os
import time

own = os.path.realpath("/proc/self/fd/1")  # its own output may say what it likes
end = time.monotonic() + 2.5
while time.monotonic() < end:
    for out in glob.glob("/tmp/execdocs-run-*/out"):
        if os.path.realpath(out) == own:
            continue
        try:
            with open(out, "a") as stream:
                stream.write("FORGED\n")
        except OSError:
            pass
    time.sleep(0.05)
print("tried")
