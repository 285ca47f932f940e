"""Pictures an example draws: the SVG files it writes into its working folder, shown inline.

An example that draws writes ``NAME.svg`` into its (empty, temporary) working folder; the runner
keeps every such file with the run's result, so pictures are cached with the text output. The
``example`` directive's ``:image: NAME.svg`` option shows one on the page, inline, so that the
picture's ``currentColor`` and the site's CSS classes follow the light or dark theme. Words in
several languages sit side by side, each element marked with SVG's ``systemLanguage``; the page
keeps the reader's. The picture's ``<title>`` in the reader's language is its text alternative.
Each picture is committed next to the script (``NN_name.NAME.svg``) and compared like ``.out``.

This module collects and compares the pictures (the runner and the doctest use it); showing them
on a page is :mod:`execdocs.images`.
"""

from __future__ import annotations

import os
import time
import xml.sax
import xml.sax.xmlreader
from collections.abc import Callable
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from execdocs.core.files import (
    UntrustedFileError,
    open_folder,
    pictures_of,
    read_left,
    read_repository_file,
    remove_repository_file,
    write_repository_file,
)

#: A picture larger than this is refused: it would weigh down the page it is inlined in.
MAX_IMAGE_BYTES = 500_000
#: At most this many pictures per run, and this deep and this many elements each: far more than a
#: diagram needs, far less than what would exhaust the page builder's recursion or memory.
MAX_IMAGES = 20
MAX_DEPTH = 64
MAX_ELEMENTS = 20_000


class ImageError(ValueError):
    """A picture that cannot be shown; the message says what to do."""


class _Limits(xml.sax.ContentHandler):
    """Counts depth and elements while the picture is parsed, and stops at the first excess."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.depth, self.elements = name, 0, 0
        self.line: Callable[[], int | None] = lambda: None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        """Where the parser is: for the line of an excess."""
        self.line = locator.getLineNumber

    def startElement(self, name: str, attrs: object) -> None:
        """One element more: refuse the picture past the limits, at this element's line."""
        self.depth += 1
        self.elements += 1
        where = f"{self.name} line {self.line()}"
        if self.depth > MAX_DEPTH:
            raise ImageError(f"it wrote {where}, nested deeper than {MAX_DEPTH} elements; draw flatter")
        if self.elements > MAX_ELEMENTS:
            raise ImageError(f"it wrote {where}, past {MAX_ELEMENTS:,} elements; draw less")

    def endElement(self, name: str) -> None:
        """Back up one level."""
        self.depth -= 1


def check_picture(name: str, data: bytes) -> str:
    """The text of picture ``name``: UTF-8, well-formed XML without DTD or entities, within the limits."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImageError(f"it wrote {name}, which is not UTF-8 (byte {error.start})") from None
    try:
        # defusedxml refuses DTDs, entities and external references: no expansion bomb, no fetch.
        parseString(data, _Limits(name), forbid_dtd=True)
    except xml.sax.SAXParseException as error:
        raise ImageError(f"it wrote {name} line {error.getLineNumber()}, which is not well-formed XML") from None
    except DefusedXmlException as error:
        what = {"DTDForbidden": "a DTD", "EntitiesForbidden": "entities"}.get(
            type(error).__name__, "external references"
        )
        raise ImageError(f"it wrote {name}, which declares {what}; a picture needs none") from None
    return text


def collect_images(work: Path, deadline: float, guard: Callable[[str], list[str]]) -> dict[str, str]:
    """The SVG files a run left at the top of its working folder, by file name, each checked.

    Every name is untrusted (:mod:`execdocs.core.files`): only regular files are read, never
    through a link, at most :data:`MAX_IMAGE_BYTES` each. ``guard`` says what of the machine a
    picture would show (as for printed output); ``deadline`` (a :func:`time.perf_counter` time) is
    the end of the run's time limit, which reading the pictures does not extend.
    """
    images: dict[str, str] = {}
    with open_folder(work) as folder:
        names = []
        with os.scandir(folder) as entries:  # one name at a time: the folder may hold millions
            for entry in entries:
                if time.perf_counter() > deadline:
                    raise ImageError("its pictures could not be read within its time limit; raise execdocs_timeout")
                if entry.name.endswith(".svg"):
                    names.append(entry.name)
                    if len(names) > MAX_IMAGES:
                        raise ImageError(f"it wrote more than {MAX_IMAGES} pictures (.svg); write fewer")
        for name in sorted(names):
            try:
                data = read_left(folder, name, MAX_IMAGE_BYTES)
            except UntrustedFileError as error:
                raise ImageError(
                    f"it left {error}; a picture is a plain file of at most {MAX_IMAGE_BYTES:,} bytes"
                ) from None
            except FileNotFoundError:
                continue  # removed by what the run left running, before it was stopped
            text = check_picture(name, data)
            leaks = guard(text)
            if leaks:
                raise ImageError(f"its picture {name} would show " + "; ".join(leaks[:3]))
            images[name] = text
    return images


def expected_image_path(script: Path, name: str) -> Path:
    """Where the committed copy of picture ``name`` of ``script`` lives: next to the script."""
    return script.with_name(f"{script.stem}.{name}")


def _committed(script: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The committed pictures of ``script`` by name, and why the others cannot be read."""
    prefix = f"{script.stem}."
    pictures, unreadable = {}, {}
    for path in pictures_of(script):
        name = path.name[len(prefix) :]
        try:
            data = read_repository_file(path, script.parent, MAX_IMAGE_BYTES)
            if data is not None:
                pictures[name] = data.decode("utf-8")
        except (UntrustedFileError, UnicodeDecodeError) as error:
            unreadable[name] = str(error)
    return pictures, unreadable


def committed_images(script: Path) -> dict[str, str]:
    """The pictures committed for ``script``, by the name the script writes them under."""
    return _committed(script)[0]


def write_expected_images(script: Path, images: dict[str, str], root: Path) -> list[Path]:
    """Make the committed pictures of ``script`` equal ``images``; return the files changed.

    They are written inside the repository ``root`` only, never through a link
    (:func:`execdocs.core.files.write_repository_file` raises :class:`UntrustedFileError`).
    """
    committed, unreadable = _committed(script)
    changed = []
    for name, text in images.items():
        path = expected_image_path(script, name)
        if committed.get(name) != text or name in unreadable:
            write_repository_file(path, root, text.encode("utf-8"))
            changed.append(path)
    for name in set(committed) - set(images):
        path = expected_image_path(script, name)
        remove_repository_file(path, root)
        changed.append(path)
    return changed


def image_differences(script: Path, images: dict[str, str]) -> list[str]:
    """How the pictures of a run differ from the committed ones, one line per picture."""
    committed, unreadable = _committed(script)
    problems = []
    for name in sorted(set(committed) | set(images) | set(unreadable)):
        file = expected_image_path(script, name).name
        if name in unreadable:
            problems.append(f"the committed {file} cannot be read: {unreadable[name]}")
        elif name not in images:
            problems.append(f"{file} is committed, but the script no longer writes {name}")
        elif name not in committed:
            problems.append(f"the script writes {name}, but {file} is not committed")
        elif committed[name] != images[name]:
            problems.append(f"{name} differs from {file}")
    return problems
