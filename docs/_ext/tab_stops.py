"""The theme's script leaves the code blocks' tab stops to the site's draw-sections.js.

At start-up and after every change to the article, pydata-sphinx-theme's script reads the width of
every code block, to let the Tab key reach those that scroll sideways. Reading one block's width
lays out the section it is in; reading all of them lays out the whole page, on a phone too, where
site.css has the sections off screen wait to be laid out until the reader nears them (or until
draw-sections.js draws them, one at a time, after the page loaded). So at the end of the build the copy
of the theme's script in the site keeps only tables (which the site's pages hold few of, all in
sections drawn early) in that list, and draw-sections.js sets the code blocks' tab stops, a section at a
time, as it draws each.

The theme's script is minified: if its list is not found exactly once (another release of the
theme), the build stops and says so, rather than lay out the whole page again unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

SCRIPT = "_static/scripts/pydata-sphinx-theme.js"
# pydata-sphinx-theme 0.16 and 0.20: the elements that get a tab stop when they scroll.
THEIRS = (
    '["pre",".nboutput > .output_area",".cell_output > .output",".jp-RenderedHTMLCommon",'
    '".pst-scrollable-table-container"]'
)
OURS = '[".pst-scrollable-table-container"/* the others: the site\'s draw-sections.js */]'


def narrow(script: Path) -> None:
    """Rewrite the theme's script in place, or stop if its list is not there once."""
    text = script.read_text(encoding="utf-8")
    if text.count(THEIRS) != 1:
        if text.count(OURS) == 1 and THEIRS not in text:
            return  # already narrowed: the theme's static files were not copied again
        raise ExtensionError(
            f"{script}: the list of elements the theme's script gives a tab stop, {THEIRS}, is found "
            f"{text.count(THEIRS)} times, not once. The theme has changed: find the function that reads "
            "each element's scrollWidth and update THEIRS in docs/_ext/tab_stops.py (and the list in "
            "docs/_static/draw-sections.js) to match it."
        )
    script.write_text(text.replace(THEIRS, OURS), encoding="utf-8")


def _narrow_the_theme_script(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        narrow(Path(app.outdir) / SCRIPT)


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _narrow_the_theme_script, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
