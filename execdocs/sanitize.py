"""What an SVG picture may hold before it is inlined in a page: an allowlist of static drawing.

A picture is written by an example, so it is untrusted input that ends up inside every reader's
page. Inlined SVG is parsed by the browser's HTML parser, where a script, an event attribute, a
``javascript:`` link, a ``<style>`` (it styles the whole page), an outside URL (every reader's
browser would call that host) or an HTML element (it breaks out of the SVG) would all take effect.
So a picture is parsed as XML with DTDs and entities refused (defusedxml), and every element,
attribute and value must be on the lists below; anything else refuses the picture with its line.
The output is the checked tree written out again, never the input text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from execdocs.core.images import ImageError

__all__ = ["sanitize_svg"]

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

#: Elements of static drawing (SVG namespace only); the root ``<svg>`` is checked on its own.
#: Left out on purpose: script, style, a, image, foreignObject, use of other documents,
#: animate/set (they can rewrite an href), filters, fonts, iframe and every HTML element.
ELEMENTS = frozenset(
    {
        "g",
        "defs",
        "symbol",
        "use",
        "switch",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "marker",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
    }
)
#: In HTML, SVG's title and desc are where HTML parsing resumes: they hold text only.
TEXT_ONLY = frozenset({"title", "desc"})

#: Geometry and presentation attributes (no namespace), and the few namespaced ones.
ATTRIBUTES = frozenset(
    {
        # structure
        "id",
        "class",
        "systemLanguage",
        "version",
        "viewBox",
        "preserveAspectRatio",
        "transform",
        # geometry
        *("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr"),
        *("width", "height", "d", "points", "pathLength", "dx", "dy", "rotate"),
        *("refX", "refY", "markerWidth", "markerHeight", "markerUnits", "orient"),
        *("gradientUnits", "gradientTransform", "spreadMethod", "offset"),
        *("patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits"),
        *("maskContentUnits", "textLength", "lengthAdjust", "startOffset", "side", "method", "spacing"),
        # presentation
        *("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"),
        *("stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit"),
        *("opacity", "color", "visibility", "display", "vector-effect", "paint-order", "shape-rendering"),
        *("marker-start", "marker-mid", "marker-end", "clip-path", "clip-rule", "mask"),
        *("stop-color", "stop-opacity", "text-rendering", "writing-mode", "direction"),
        *("font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch"),
        *("text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift"),
        *("letter-spacing", "word-spacing", "text-decoration"),
        # references, checked to point inside the picture
        "href",
        f"{{{XLINK}}}href",
        f"{{{XML}}}space",
        f"{{{XML}}}lang",
    }
)
REFERENCES = frozenset({"href", f"{{{XLINK}}}href"})
#: The classes a picture may use: the ones the site's stylesheet colours for pictures
#: (execdocs/static/execdocs.css); any other would pick up the page's own rules.
CLASSES = frozenset({"accent", "muted"})
#: The CSS functions a presentation value may call; url() only with a #fragment (checked below).
FUNCTIONS = frozenset({"url", "rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy"})
MAX_DEPTH = 64

_ID = r"[A-Za-z_][A-Za-z0-9_.-]*"
_IDENTIFIER = re.compile(_ID)
_FRAGMENT = re.compile("#" + _ID)
# A call: the name before a "(", maybe empty. A name starts where no letter of a name is before it,
# and an empty one not right after a space: what ``([A-Za-z_-]*)\s*\(`` finds, without trying
# every letter of a long run of letters or spaces as a start (quadratic in the run).
_CALL = re.compile(r"(?<![A-Za-z_-])(?:(?<!\s)|(?=[A-Za-z_-]))([A-Za-z_-]*)\s*\(")
# Characters no static value needs: CSS escapes (which could spell url( or expression( in other
# ways), at-rules, blocks, markup, and control characters.
_FORBIDDEN = re.compile(r"[\\@{}<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FRAGMENT_ONLY = "it may only point inside the picture, as #id of one of its elements"


def _name(tag: str) -> str:
    """A tag for messages: without the SVG namespace; another namespace stays, in braces."""
    return tag[len(SVG) + 2 :] if tag.startswith(f"{{{SVG}}}") else tag


def _split(tag: str) -> tuple[str, str]:
    """A tag's namespace (empty for none) and local name."""
    namespace, _, local = tag[1:].partition("}")
    return (namespace, local) if tag.startswith("{") else ("", tag)


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that keeps each element's line, and refuses a tree nested too deep."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.depth = 0
        self.parser: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        element = super().start(tag, attrs)
        line = self.parser.parser.CurrentLineNumber
        self.lines[element] = line
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ImageError(f"line {line}: its elements nest deeper than {MAX_DEPTH} levels; draw with fewer groups")
        return element

    def end(self, tag: Any) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def _parse(text: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as error:
        raise ImageError(f"it is not well-formed XML ({error})") from None
    except DefusedXmlException as error:
        raise ImageError(f"it declares a DTD or entities ({error}); a picture may not, remove the <!DOCTYPE>") from None
    return root, builder.lines


def _points_inside(value: str, ids: set[str]) -> bool:
    # A #fragment the picture does not define would reach an element of the page around it.
    return _FRAGMENT.fullmatch(value) is not None and value[1:] in ids


def _check_value(where: str, key: str, value: str, ids: set[str]) -> None:
    if key in REFERENCES:
        if not _points_inside(value, ids):
            raise ImageError(f"{where} {key}={value!r}: {_FRAGMENT_ONLY}")
        return
    if key == "id":
        if not _IDENTIFIER.fullmatch(value):
            raise ImageError(f"{where} id={value!r}: an id is a letter or _, then letters, digits, _ . or -")
        return
    if key == "class":
        unknown = set(value.split()) - CLASSES
        if unknown:
            allowed = ", ".join(sorted(CLASSES))
            raise ImageError(f"{where} class={value!r}: a picture may use only the classes {allowed}")
        return
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ImageError(f"{where} {key}={value!r}: {bad[0]!r} has no place in a drawing's value")
    for call in _CALL.finditer(value):
        if call[1].lower() not in FUNCTIONS:
            allowed = ", ".join(f"{name}()" for name in sorted(FUNCTIONS))
            raise ImageError(f"{where} {key}={value!r}: {call[1] or '('} is not one of {allowed}")
        if call[1].lower() == "url":
            # Its argument runs to the next ")"; with none, CSS still reads a url to the end.
            end = value.find(")", call.end())
            target = (value[call.end() :] if end < 0 else value[call.end() : end]).strip()
            if len(target) > 1 and target[0] in "'\"" and target[-1] == target[0]:
                target = target[1:-1].strip()
            if end < 0 or not _points_inside(target, ids):
                raise ImageError(f"{where} {key}={value!r}: url() {_FRAGMENT_ONLY}")


def sanitize_svg(text: str) -> str:
    """The picture ``text`` written out again from its checked tree; :class:`ImageError` when any part of it
    is outside the allowlist (the message names the line and what to use instead)."""
    root, lines = _parse(text)
    if root.tag != f"{{{SVG}}}svg":
        raise ImageError(f"its root element is <{_name(root.tag)}>, not <svg> in the SVG namespace ({SVG})")
    ids = {element.get("id", "") for element in root.iter()} - {""}
    for element in root.iter():
        where = f"line {lines.get(element, '?')}: <{_name(element.tag)}>"
        if element is not root:
            namespace, local = _split(element.tag)
            if namespace != SVG or local not in ELEMENTS:
                raise ImageError(
                    f"{where} is not allowed in a picture: pictures are static drawings of shapes and "
                    "text (the elements of ELEMENTS in execdocs/sanitize.py); no script, style, link, "
                    "image, animation or HTML"
                )
            if local in TEXT_ONLY and len(element):
                raise ImageError(f"{where} may hold text only, not <{_name(element[0].tag)}>")
        for key, value in element.attrib.items():
            if key not in ATTRIBUTES:
                hint = " (use presentation attributes such as fill= instead)" if key == "style" else ""
                raise ImageError(
                    f"{where} has the attribute {key!r}, which a picture may not use{hint}; the allowed ones are "
                    "ATTRIBUTES in execdocs/sanitize.py"
                )
            _check_value(where, key, value, ids)
    return ET.tostring(root, encoding="unicode")
