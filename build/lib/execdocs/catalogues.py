"""Check the translation catalogues a build reads: a broken one fails the build with its location.

Sphinx falls back to the English text for a message that is fuzzy, untranslated or unreadable,
so the page would silently mix languages; and a translation whose role lost its markup, or points
at another example, would quote unchecked text. Each of these is an error at the catalogue's line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import PoFileError, read_po
from sphinx.util import logging

from execdocs.build import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: A MyST role with its text, such as {output}`var1:0 <examples/01.py>`.
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
#: A cross-reference with written link text: the words belong to the sentence and are translated
#: with it; only the target must stay the same.
_XREF_TEXT = re.compile(r"\{(ref|doc)\}`([^`<]*)<([^`>]+)>`")


def roles_of(text: str) -> list[str]:
    """The roles a translation must keep as they are (a cross-reference by its target alone)."""
    return sorted(_ROLE.findall(_XREF_TEXT.sub(r"{\1}`<\3>`", text)))


def problems(po: Path) -> list[tuple[int, str]]:
    """What is wrong in one catalogue, as (line, message) pairs."""
    try:
        with po.open("rb") as stream:
            catalogue = read_po(stream, abort_invalid=True)
    except PoFileError as error:
        return [(getattr(error, "lineno", 0) or 0, f"the catalogue cannot be read: {error}")]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return [(0, f"the catalogue cannot be read: {error}")]
    found = []
    for message in catalogue:
        if not message.id:
            continue
        line = message.lineno or 0
        english = message.id if isinstance(message.id, str) else message.id[0]
        translated = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if message.fuzzy:
            found.append((line, "the translation is marked fuzzy; check it, then remove the '#, fuzzy' line"))
        elif not translated:
            found.append((line, f"{english[:60]!r} has no translation; translate it"))
        elif roles_of(english) != roles_of(translated):
            roles = ", ".join(_ROLE.findall(english)) or "none"
            found.append((line, f"the translation's roles differ from the English ({roles}); copy each role exactly"))
    return found


def check(app: Sphinx) -> None:
    """At the start of a translated build, report every problem of the catalogues it reads."""
    language = app.config.language
    if not language or language == "en" or app.builder.name == "gettext":
        return
    store = build_state(app.env).store
    for folder in app.config.locale_dirs:
        messages = Path(app.srcdir, folder) / language / "LC_MESSAGES"
        for po in sorted(messages.rglob("*.po")):
            for line, message in problems(po):
                location = f"{po}:{line}" if line else str(po)
                logger.error(message, location=location, type="execdocs", subtype="translation")
                if store is not None:
                    store.errors += 1  # fails the build even without --fail-on-warning
