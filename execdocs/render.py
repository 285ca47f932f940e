"""Nodes the ``example`` directive puts on a page, and how the HTML builder writes them.

- ``script_code``: a listing whose gutter shows the script file's own line numbers, so that a
  traceback's ``line N`` is the line labelled N; where lines are hidden (the other language's
  comments, or lines outside ``:lines:``), the line after the gap is marked.
- ``output_text``: printed output, one block per printed line, so long lines wrap under their
  own start instead of being cut at the right edge.
- ``disclosure``: an HTML ``<details>`` element with a ``<summary>``.
- ``download_link``: a link with the ``download`` attribute.

Other builders write these as a plain literal block, container and paragraph.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import TYPE_CHECKING

from docutils import nodes
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class script_code(nodes.literal_block):
    """Code of one cell; ``line_numbers`` holds the script line of every shown line."""


class output_text(nodes.literal_block):
    """What a cell printed."""


class disclosure(nodes.container):
    """Content behind a summary line; the first child is a ``disclosure_summary``."""


class disclosure_summary(nodes.paragraph):
    """The always-visible line of a ``disclosure``."""


class download_link(nodes.reference):
    """A link to a file the build wrote, which the browser saves rather than shows."""


class example_placeholder(nodes.General, nodes.Element):  # docutils names its nodes in lower case
    """Where an example's code and output go: filled at write time (:mod:`execdocs.show`)."""


_TAG = re.compile(r"<[^<>]*>")
#: Continuation lines are indented like their line's own start, up to this many spaces.
MAX_INDENT = 24


class LineBoxFormatter(HtmlFormatter):
    """Pygments' HTML with every line in a box of its own, so that a line too long for its block
    wraps under its own start, with a mark, instead of running past the edge.

    Each box is a ``span.execdocs-line`` with a class for its indentation
    (``execdocs-indent-N``, N spaces, even, at most :data:`MAX_INDENT`), which the stylesheet
    turns into the hanging indent of its continuation. The box is an inline block as wide as the
    block, ending with the line's newline: copying, selecting or reading the block's text gives the
    code as written, blank lines included (a block-level box would add line breaks of its own, and
    lose the empty lines).
    """

    def wrap(self, source):
        return super().wrap(self._boxed(self._lines(source)))

    def _lines(self, source):
        """``(html, extra_classes, attributes)`` for each line; the attributes go on its box."""
        for _, line in source:
            yield line, "", ""

    def _boxed(self, lines):
        for line, extra, attributes in lines:
            text = unescape(_TAG.sub("", line))
            indent = min(len(text) - len(text.lstrip(" ")), MAX_INDENT) // 2 * 2
            classes = f"execdocs-line execdocs-indent-{indent}{extra}"
            yield 1, f'<span class="{classes}"{attributes}>{line}</span>'


class _ScriptLinesFormatter(LineBoxFormatter):
    """Inline line numbers taken from a list rather than counted from a start.

    The number is an attribute of the line's box, drawn by CSS (its ``::before``), so neither
    copying nor selecting the code picks it up, and a listing holds no element per number. Numbers
    and highlighted lines are added in :meth:`wrap`, the formatter's documented place for changing
    its lines.
    """

    def __init__(
        self, line_numbers: list[int], gap_titles: tuple[str, str], highlighted: list[int], **options: object
    ) -> None:
        super().__init__(**options)
        self.line_numbers = line_numbers
        self.gap_titles = gap_titles  # one hidden line, several hidden lines
        self.highlighted = set(highlighted)  # positions among the shown lines, from 1

    def _lines(self, source):
        previous = None
        for index, ((_, line), number) in enumerate(zip(source, self.line_numbers, strict=False), start=1):
            if previous is not None and number != previous + 1:
                first, last = previous + 1, number - 1
                title = escape(self.gap_titles[first != last].format(first=first, last=last), quote=True)
                extra, attributes = " execdocs-gap", f' data-line="{number}" title="{title}"'
            else:
                extra, attributes = "", f' data-line="{number}"'
            previous = number
            yield line, extra + (" hll" if index in self.highlighted else ""), attributes


def visit_script_code(self: HTML5Translator, node: script_code) -> None:
    lexer = get_lexer_by_name(node.get("language", "python"), stripnl=False, ensurenl=True)
    formatter = _ScriptLinesFormatter(
        node["line_numbers"],
        (node.get("gap_one", "{first}"), node.get("gap_many", "{first}-{last}")),
        node.get("highlight_args", {}).get("hl_lines", []),
    )
    code = highlight(node.astext(), lexer, formatter)
    language = node.get("language", "python")
    start = self.starttag(node, "div", suffix="", CLASS=f"highlight-{language} notranslate execdocs-numbered")
    self.body.append(start + code + "</div>\n")
    raise nodes.SkipNode


def visit_output_text(self: HTML5Translator, node: output_text) -> None:
    # Each line is a box of its own (the stylesheet indents what wraps). The newline stays in the
    # text, so the block's text is exactly what was printed, but is not drawn: the boxes already
    # break the lines, and a drawn newline would double them when the reader copies the output.
    newline = '<span class="execdocs-nl">\n</span>'
    lines = "".join(
        f'<span class="execdocs-out-line">{escape(line, quote=False)}{newline}</span>'
        for line in node.astext().split("\n")
    )
    start = self.starttag(node, "div", suffix="", CLASS="highlight-text notranslate")
    self.body.append(f'{start}<div class="highlight"><pre>{lines}</pre></div></div>\n')
    raise nodes.SkipNode


def visit_download_link(self: HTML5Translator, node: download_link) -> None:
    classes = " ".join(["reference", "download", *node.get("classes", [])])
    self.body.append(f'<a class="{escape(classes)}" href="{escape(node["refuri"])}" download="">')


def depart_download_link(self: HTML5Translator, node: download_link) -> None:
    self.body.append("</a>")


def visit_disclosure(self: HTML5Translator, node: disclosure) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_disclosure(self: HTML5Translator, node: disclosure) -> None:
    self.body.append("</details>\n")


def visit_disclosure_summary(self: HTML5Translator, node: disclosure_summary) -> None:
    self.body.append(self.starttag(node, "summary", suffix=""))


def depart_disclosure_summary(self: HTML5Translator, node: disclosure_summary) -> None:
    self.body.append("</summary>\n")


def register(app: Sphinx) -> None:
    """Teach Sphinx the nodes; builders other than HTML fall back to the parent node's writer."""
    app.add_node(example_placeholder)  # never written: the render step replaces it
    app.add_node(script_code, html=(visit_script_code, None))
    app.add_node(output_text, html=(visit_output_text, None))
    app.add_node(download_link, html=(visit_download_link, depart_download_link))
    app.add_node(disclosure, html=(visit_disclosure, depart_disclosure))
    app.add_node(disclosure_summary, html=(visit_disclosure_summary, depart_disclosure_summary))
    app.connect("builder-inited", _box_every_listing)


def _box_every_listing(app: Sphinx) -> None:
    """Every other code block of the site (Markdown code, diffs) gets the same line boxes."""
    highlighter = getattr(app.builder, "highlighter", None)
    if app.builder.format == "html" and highlighter is not None:
        highlighter.formatter = LineBoxFormatter
