"""Pictures an example drew, shown inline on its page (the ``:image:`` option of ``example``).

Words in several languages sit side by side, each element marked with SVG's ``systemLanguage``;
the page keeps the reader's. The picture's ``<title>`` in the reader's language is its text
alternative. Collecting the pictures a run wrote and comparing them with the committed copies is
:mod:`execdocs.core.images`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from execdocs.core.images import ImageError
from execdocs.sanitize import sanitize_svg

if TYPE_CHECKING:
    from docutils import nodes

__all__ = ["ImageError", "Picture", "check_image_name", "picture_node", "render_picture"]

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.svg")


@dataclass(frozen=True)
class Picture:
    """One picture ready to inline: its markup and its text alternative."""

    markup: str
    title: str


def _languages(element: ET.Element) -> list[str] | None:
    value = element.get("systemLanguage")
    return None if value is None else [part.strip().lower() for part in value.split(",")]


def _fits(wanted: list[str], language: str) -> bool:
    return any(language == code or language.startswith(code + "-") or code.startswith(language) for code in wanted)


def _keep_language(parent: ET.Element, language: str) -> None:
    """Drop the children written for other languages; keep the reader's, unmarked."""
    for child in list(parent):
        wanted = _languages(child)
        if wanted is not None:
            if not _fits(wanted, language):
                parent.remove(child)
                continue
            del child.attrib["systemLanguage"]
        _keep_language(child, language)


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Give every id a page-unique prefix, and follow it in ``url(#id)`` and ``href="#id"``."""
    ids = {element.get("id") or "" for element in root.iter()} - {""}
    if not ids:
        return
    pattern = re.compile(r"(url\(#|^#)(" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")\b")
    for element in root.iter():
        for key, value in element.attrib.items():
            if key == "id" and value in ids:
                element.set(key, prefix + value)
            elif "#" in value:
                element.set(key, pattern.sub(lambda m: m[1] + prefix + m[2], value))


def render_picture(text: str, language: str, id_prefix: str) -> Picture:
    """The SVG ``text`` as the reader of ``language`` sees it, ready to inline in HTML.

    Raises :class:`ImageError` when it is not SVG, holds anything outside the allowlist of
    :mod:`execdocs.sanitize`, or has no title in ``language``.
    """
    # Everything the page gets of the picture is what the allowlist let through, written anew.
    root = ET.fromstring(sanitize_svg(text))
    _keep_language(root, language)
    titles = [child for child in root if child.tag == f"{{{SVG}}}title"]
    title = "".join(titles[0].itertext()).strip() if titles else ""
    if not title:
        raise ImageError(
            f"it has no <title> for language {language!r}; write one per language "
            'as its first children, e.g. <title systemLanguage="en">...</title>'
        )
    for extra in titles[1:]:
        root.remove(extra)
    _prefix_ids(root, id_prefix)
    titles[0].set("id", f"{id_prefix}title")
    root.set("role", "img")
    root.set("aria-labelledby", f"{id_prefix}title")
    root.set("class", "execdocs-picture")
    return Picture(ET.tostring(root, encoding="unicode"), title)


def picture_node(text: str, language: str, id_prefix: str, caption: str) -> nodes.Element:
    """A labelled box that inlines the picture in HTML (the only builder this site uses)."""
    from docutils import nodes

    picture = render_picture(text, language, id_prefix)
    figure = nodes.container(classes=["execdocs-figure"])
    figure += nodes.paragraph("", caption, classes=["execdocs-output-label"])
    # On a narrow screen the picture keeps a readable size and scrolls sideways, by keyboard too.
    frame = f'<div class="execdocs-picture-frame" tabindex="0">{picture.markup}</div>'
    figure += nodes.raw("", frame, format="html")
    return figure


def check_image_name(value: str) -> str:
    """The ``:image:`` option: a plain file name ending in .svg."""
    value = value.strip()
    if not _NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not a file name ending in .svg (no folders)")
    return value
