"""Check the translation catalogues a build reads: a broken or unsafe one stops the build, located.

Sphinx reads catalogues leniently (Babel) and falls back to the English text for a message that
is fuzzy, untranslated or unreadable, so a page could silently lose characters or mix languages.
So each catalogue must first pass GNU gettext's own ``msgfmt --check``. Then each translation is
parsed as the page's MyST Markdown and compared with its English: it may add no raw HTML and no
markup the English lacks (emphasis aside), must link to exactly the English's targets and keep
its roles, and may equal the English only where that is marked as meant (``# identical``).
Every problem is reported at its catalogue's line, then the build stops before it reads a page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import PoFileError, read_po
from sphinx.errors import SphinxError
from sphinx.util import logging

from execdocs.labels import catalogue_folders

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The translator comment (``# identical`` above the entry) that says a translation equal to its
#: English is meant, such as a name that Chinese writes the same.
IDENTICAL = "identical"
#: Where the extension's own catalogues (its labels) are.
OWN_LOCALES = Path(__file__).with_name("locale")
#: Markup a translation may use where its English does not: emphasis, and breaking a line.
_FREE_MARKUP = {"text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close"}
#: Roles whose written text is part of the sentence and is translated with it: only the target stays.
_XREF_ROLES = {"ref", "doc"}
#: The target that ends a role's text: ``words <label>``.
_XREF = re.compile(r"<([^<>]+)>\s*\Z")
#: One message of ``msgfmt`` after its ``FILE:``: ``LINE: text`` or ``LINE:COLUMN: text``.
_MSGFMT_LINE = re.compile(r"(?P<line>\d+):(?:\d+:)? (?P<text>.*)")


class CatalogueError(SphinxError):
    """A translation catalogue the build cannot use; the build stops before reading a page."""

    category = "Translation catalogue error"


@dataclass(frozen=True)
class Markup:
    """What of a text's MyST markup a translation must keep: roles, link targets, raw HTML, kinds."""

    roles: tuple[str, ...]
    targets: frozenset[str]
    html: Counter[str]
    kinds: frozenset[str]
    words: bool  # whether any text outside code, roles and link targets has letters


def markup_of(text: str, parser: MarkdownIt) -> Markup:
    """Parse ``text`` as the page's Markdown, as Sphinx parses a translation, and keep its markup."""
    roles, targets, html, kinds, words = [], set(), Counter[str](), set(), False
    tokens = list(parser.parse(text))
    for token in tokens:
        tokens.extend(token.children or [])  # inline tokens hold the text's own tokens
        kinds.add(token.type)
        if token.type in ("html_inline", "html_block"):
            html[token.content.strip()] += 1
        elif token.type == "link_open":
            targets.add(str(token.attrs.get("href", "")))
        elif token.type == "image":
            targets.add(str(token.attrs.get("src", "")))
        elif token.type == "myst_role":
            name, content = token.meta.get("name", ""), token.content
            if name in _XREF_ROLES:  # {ref}`label` and {ref}`words <label>` both go to label
                written = _XREF.search(content)
                target = (written.group(1) if written else content).strip()
                targets.add(target)
                content = f"<{target}>"
            roles.append(f"{{{name}}}`{content}`")
        elif token.type == "text":
            words = words or any(character.isalpha() for character in token.content)
    return Markup(tuple(sorted(roles)), frozenset(targets), html, frozenset(kinds - {"inline"}), words)


def _kind_name(kind: str) -> str:
    """A kind of markup as a writer knows it: ``link`` for ``link_open``, ``role`` for ``myst_role``."""
    return kind.removesuffix("_open").removesuffix("_close").removeprefix("myst_")


def _shorten(text: str, width: int = 80) -> str:
    """``text`` on one line, cut to ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def entry_problems(english: str, translated: str, comments: list[str], parser: MarkdownIt) -> list[str]:
    """What is wrong with one translation of ``english`` (both non-empty)."""
    source, target = markup_of(english, parser), markup_of(translated, parser)
    found = []
    added_html = sorted(_shorten(html) for html in (target.html - source.html).elements())
    if added_html:
        found.append(
            f"the translation has raw HTML that the English does not: {', '.join(added_html)}; "
            "remove it (HTML in a translation goes onto the page as it is)"
        )
    added_kinds = sorted(
        {_kind_name(kind) for kind in target.kinds - source.kinds - _FREE_MARKUP - {"html_inline", "html_block"}}
    )
    if added_kinds:
        found.append(
            f"the translation has markup that the English does not ({', '.join(added_kinds)}); "
            "use only the English's markup, and emphasis"
        )
    if target.targets != source.targets:
        added, dropped = sorted(target.targets - source.targets), sorted(source.targets - target.targets)
        found.append(
            f"the translation's link targets differ from the English (added {added or 'none'}, "
            f"dropped {dropped or 'none'}); keep every target of the English exactly"
        )
    if target.roles != source.roles:
        roles = ", ".join(source.roles) or "none"
        found.append(f"the translation's roles differ from the English ({roles}); copy each role exactly")
    if translated == english and source.words and IDENTICAL not in (comment.strip() for comment in comments):
        found.append(
            f"the translation is the English text; translate it, or mark it as meant with a translator "
            f"comment '# {IDENTICAL}' on the line above its msgid"
        )
    return found


def msgfmt_problems(po: Path) -> list[tuple[int, str]]:
    """What GNU gettext's ``msgfmt --check`` rejects in a catalogue, as (line, message) pairs."""
    tool = shutil.which("msgfmt")
    if tool is None:
        raise CatalogueError(
            "the translation catalogues are checked with GNU gettext's `msgfmt --check`, and msgfmt is not "
            "installed: install GNU gettext (Debian, Ubuntu: `apt-get install gettext`; macOS: `brew install "
            "gettext`), then build again"
        )
    # C locale: msgfmt's messages in English, as the build reports them.
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}
    done = subprocess.run(
        [tool, "--check", "--output-file", os.devnull, str(po)],
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=60,
        check=False,
    )
    if done.returncode == 0:
        return []  # warnings alone (a header field left at its default) do not reject a catalogue
    found: list[tuple[int, str]] = []
    prefix = f"{po}:"
    for text in done.stderr.splitlines():
        match = _MSGFMT_LINE.fullmatch(text, len(prefix)) if text.startswith(prefix) else None
        if not match or match["text"].startswith("warning:"):
            continue
        line, message = int(match["line"]), match["text"]
        if message == "end-of-line within string":
            line -= 1  # msgfmt counts the line break that ended the string: the string is on the line above
        if message.startswith("...") and found and found[-1][1].endswith("..."):
            # The second half of a two-part message, at another line (a duplicate's first definition).
            first_line, first = found.pop()
            line, message = first_line, f"{first[:-3]} ({message[3:]}: line {line})"
        found.append((line, message))
    if not found:
        return [(0, f"msgfmt --check rejects the catalogue: {done.stderr.strip() or done.returncode}")]
    return [(line, f"msgfmt --check: {message}") for line, message in found]


def problems(po: Path, parser: MarkdownIt) -> list[tuple[int, str]]:
    """What is wrong in one catalogue, as (line, message) pairs."""
    found = msgfmt_problems(po)
    if found:
        return found  # what Babel would make of a catalogue msgfmt rejects is not worth checking
    try:
        with po.open("rb") as stream:
            catalogue = read_po(stream, abort_invalid=True)
    except PoFileError as error:
        return [(getattr(error, "lineno", 0) or 0, f"the catalogue cannot be read: {error}")]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return [(0, f"the catalogue cannot be read: {error}")]
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
        else:
            found += [(line, problem) for problem in entry_problems(english, translated, message.user_comments, parser)]
    return found


@cache
def default_parser() -> MarkdownIt:
    """MyST's parser with its default settings, for a project that does not configure MyST."""
    from myst_parser.config.main import MdParserConfig

    return markdown_parser(MdParserConfig())


def markdown_parser(config: object) -> MarkdownIt:
    """MyST's Markdown parser under ``config``, as it parses a page (and so a translation)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(config, RendererHTML)


def catalogue_files(app: Sphinx, language: str) -> list[Path]:
    """The catalogues a build in ``language`` reads: the project's, the extension's own, and those
    that other extensions registered for their words (:func:`execdocs.labels.add_catalogue`)."""
    folders = [Path(app.srcdir, folder) for folder in app.config.locale_dirs] + [OWN_LOCALES]
    folders += [folder for folder in catalogue_folders(app) if folder not in folders]
    return [po for folder in folders for po in sorted((folder / language / "LC_MESSAGES").rglob("*.po"))]


def check(app: Sphinx) -> None:
    """At the start of a translated build, report every problem of its catalogues, then stop on any."""
    language = app.config.language
    if not language or language == "en" or app.builder.name == "gettext":
        return
    config = getattr(app.env, "myst_config", None)  # as MyST set it for this build, if MyST is used
    parser = markdown_parser(config) if config is not None else default_parser()
    count = 0
    for po in catalogue_files(app, language):
        for line, message in problems(po, parser):
            location = f"{po}:{line}" if line else str(po)
            logger.error(message, location=location, type="execdocs", subtype="translation")
            count += 1
    if count:
        raise CatalogueError(
            f"{count} problem(s) in the translation catalogues, each reported above at its line; no page "
            "was read or written: correct them, then build again"
        )
