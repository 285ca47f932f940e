import sys

print("partial output")
sys.stderr.write("about to fail\n")
raise RuntimeError("boom")
