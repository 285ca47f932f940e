from pathlib import Path

title = '<title systemLanguage="en">a dot</title><title systemLanguage="zh">一个点</title>'
Path("dot.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{title}<circle r="1"/></svg>', encoding="utf-8")
print("the new output")
