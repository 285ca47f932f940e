import os
from pathlib import Path

# The working folder's path, written into a picture: a path of the build machine.
title = '<title systemLanguage="en">where</title><title systemLanguage="zh">哪里</title>'
text = f"<text>{os.getcwd()}</text>"
Path("where.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{title}{text}</svg>', encoding="utf-8")
print("drew where it ran")
