"""Drawing helpers shared by the examples that draw a graph: boxes, arrows and two-language text.

Colours come from the page: lines and text use ``currentColor``, and the classes ``accent`` and
``muted`` are coloured by the site's stylesheet, so a picture follows the light or dark theme.
Words are written in both languages inside ``<switch>``; the site keeps the reader's.
"""

import drawsvg as draw

FONT = 13
LINE = 26


class Switch(draw.DrawingParentElement):
    """SVG's ``<switch>``: shows the first child whose ``systemLanguage`` fits the reader."""

    TAG_NAME = "switch"


def words(en, zh, x, y, **attributes):
    """A label in English and Chinese; each reader sees one."""
    switch = Switch()
    switch.append(draw.Text(en, FONT, x, y, systemLanguage="en", fill="currentColor", **attributes))
    switch.append(draw.Text(zh, FONT, x, y, systemLanguage="zh", fill="currentColor", **attributes))
    return switch


def lines(en, zh, x, y, **attributes):
    """A label of several lines (lists of lines) in English and Chinese; each reader sees one."""
    switch = Switch()
    for language, texts in (("en", en), ("zh", zh)):
        group = draw.Group(systemLanguage=language)
        for number, text in enumerate(texts):
            group.append(draw.Text(text, FONT, x, y + number * 17, fill="currentColor", **attributes))
        switch.append(group)
    return switch


def code(text, x, y, **attributes):
    """A name from the graph, in a monospace font; the same in every language."""
    return draw.Text(text, FONT, x, y, font_family="monospace", fill="currentColor", **attributes)


def box(x, y, width, height, css_class="", **attributes):
    """A rounded box with a currentColor outline."""
    return draw.Rectangle(x, y, width, height, rx=4, fill="none", stroke="currentColor", class_=css_class, **attributes)


def arrow_head():
    """The marker that ends every arrow."""
    marker = draw.Marker(-0.1, -0.5, 0.9, 0.5, scale=9, orient="auto", id="arrow", markerUnits="userSpaceOnUse")
    marker.append(draw.Lines(-0.1, -0.5, -0.1, 0.5, 0.9, 0, fill="currentColor", close=True))
    return marker


def arrow(x1, y1, x2, y2, head, css_class=""):
    """A straight arrow from (x1, y1) to (x2, y2)."""
    return draw.Line(x1, y1, x2, y2, stroke="currentColor", marker_end=head, class_=css_class)


def drawing(width, height, title_en, title_zh):
    """A drawing whose first children are its titles (the picture's text alternative)."""
    picture = draw.Drawing(width, height)
    picture.append(draw.Title(title_en, systemLanguage="en"))
    picture.append(draw.Title(title_zh, systemLanguage="zh"))
    return picture
