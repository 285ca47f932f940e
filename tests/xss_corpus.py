"""A public corpus of XSS vectors (the brs-kb package, pinned in pyproject.toml) drawn as SVG pictures."""

from __future__ import annotations

import functools
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
