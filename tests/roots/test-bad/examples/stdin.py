import sys

print("stdin gave", repr(sys.stdin.read()))
