from pathlib import Path

DEPTH = 3000
title = '<title systemLanguage="en">deep</title><title systemLanguage="zh">深</title>'
body = "<g>" * DEPTH + "<circle r='1'/>" + "</g>" * DEPTH
Path("deep.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{title}{body}</svg>', encoding="utf-8")
print("drew a deep picture")
