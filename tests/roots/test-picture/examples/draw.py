from pathlib import Path

BOXES = 2

# en: Draw the boxes; the words come in both languages, each marked with systemLanguage.
# zh: 画出方框；文字两种语言都写，各自用 systemLanguage 标明。
rects = "".join(
    f'<rect x="{10 + 60 * i}" y="30" width="50" height="20" fill="none" stroke="currentColor"/>' for i in range(BOXES)
)
svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
<title systemLanguage="en">{BOXES} boxes in a row</title>
<title systemLanguage="zh">一排 {BOXES} 个方框</title>
<defs><marker id="head" markerWidth="4" markerHeight="4"><path d="M0,0 L4,2 L0,4 Z"/></marker></defs>
<switch>
<text x="10" y="20" systemLanguage="en" fill="currentColor">boxes</text>
<text x="10" y="20" systemLanguage="zh" fill="currentColor">方框</text>
</switch>
{rects}
<line x1="60" y1="40" x2="70" y2="40" stroke="currentColor" marker-end="url(#head)"/>
</svg>
"""
Path("boxes.svg").write_text(svg, encoding="utf-8")
print(f"drew {BOXES} boxes")
