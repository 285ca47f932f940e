"""A public corpus of XSS vectors (the brs-kb package, pinned in pyproject.toml) drawn as SVG pictures."""

from __future__ import annotations

import functools
import re
import warnings
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
    '<title systemLanguage="en">vector</title><title systemLanguage="zh">向量</title>'
)


def as_picture(body: str) -> str:
    """An SVG picture whose content is ``body``, as an example could write it."""
    return f"{SVG_HEAD}{body}</svg>"


@functools.cache
def corpus_pictures() -> dict[str, str]:
    """Every vector of the corpus that can be written as a well-formed SVG picture, by a name of it.

    A vector is taken as it is and, since a picture must be XML, also as an HTML parser writes it
    back (quoted attributes, closed tags): what someone who knows the pictures are XML would do."""
    from brs_kb.payloads.operations import get_all_payloads

    pictures: dict[str, str] = {}
    seen: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about vectors that look like a URL or a file name
        for key, entry in sorted(get_all_payloads().items()):
            for number, body in enumerate((entry.payload, str(BeautifulSoup(entry.payload, "html.parser")))):
                picture = as_picture(body)
                if picture in seen:
                    continue
                try:
                    ET.fromstring(picture)
                except ET.ParseError:
                    continue
                seen.add(picture)
                pictures[f"{key}.{number}"] = picture
    return pictures


def _shape(picture: str) -> tuple:
    """What a browser acts on in a picture: its elements and attribute names as written, and how
    each value starts (its letters and colons: a scheme such as javascript: or http:)."""
    return tuple(
        (e.tag, tuple(sorted((key, re.sub(r"[^a-z:]", "", value.lower())[:11]) for key, value in e.attrib.items())))
        for e in ET.fromstring(picture).iter()
    )


def markup_pictures() -> list[str]:
    """The corpus pictures that carry markup (not words only), one of each shape."""
    shapes: dict[tuple, str] = {}
    for picture in corpus_pictures().values():
        if "<" in picture[len(SVG_HEAD) : -len("</svg>")]:
            shapes.setdefault(_shape(picture), picture)
    return list(shapes.values())
