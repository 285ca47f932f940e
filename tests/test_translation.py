"""The Chinese translation is complete, current, consistent with its glossary, and has no English prose."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locales/zh_CN/LC_MESSAGES"
GLOSSARY = ROOT / "locales/glossary.tsv"

_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+-]*")
# A cross-reference with written link text: the text is part of the sentence and is translated
# with it; only the target must stay the same.
_XREF_TEXT = re.compile(r"\{(ref|doc)\}`([^`<]*)<([^`>]+)>`")


def markup(text: str) -> list[str]:
    """What must stay the same in a translation: roles, inline code and link targets."""
    text = _XREF_TEXT.sub(r"{\1}`<\3>`", text)
    roles = _ROLE.findall(text)
    rest = _ROLE.sub("", text)
    code = [match.group(0) for match in _CODE.finditer(rest)]
    targets = [a or b for a, b in _LINK_TARGET.findall(rest)]
    return sorted(roles) + sorted(code) + sorted(targets)


def prose(text: str) -> str:
    """The text with roles, inline code and link targets removed: what a reader reads as words."""
    text = _XREF_TEXT.sub(r" \2 ", text)
    text = _ROLE.sub(" ", text)
    text = _CODE.sub(" ", text)
    return _LINK_TARGET.sub("]", text)


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def glossary() -> tuple[dict[str, str], set[str]]:
    """Terms to translate one way only, and Latin words that may stand in Chinese text."""
    terms: dict[str, str] = {}
    kept: set[str] = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, chinese = line.split("\t")
        if chinese == "=":
            kept.add(english)
        else:
            terms[english] = chinese
    return terms, kept


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Catalog]:
    """The message templates of the current English sources, made afresh (runs no example)."""
    out = tmp_path_factory.mktemp("gettext")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", "-c", str(ROOT)]
    command += ["-d", str(out / ".doctrees"), str(ROOT / "docs"), str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    return {pot.relative_to(out).with_suffix("").as_posix(): read_catalogue(pot) for pot in out.rglob("*.pot")}


@pytest.fixture(scope="module")
def translations() -> dict[str, Catalog]:
    return {
        po.relative_to(CATALOGUES).with_suffix("").as_posix(): read_catalogue(po) for po in CATALOGUES.rglob("*.po")
    }


def entries(catalogue: Catalog) -> list:
    return [message for message in catalogue if message.id]


def test_every_page_has_a_catalogue_and_no_catalogue_is_left_over(templates, translations) -> None:
    assert sorted(translations) == sorted(templates), "run `nox -s translations`, then translate"


def test_every_message_is_translated_and_current(templates, translations) -> None:
    problems = []
    for name, template in sorted(templates.items()):
        catalogue = translations.get(name)
        if catalogue is None:
            continue
        where = f"locales/zh_CN/LC_MESSAGES/{name}.po"
        wanted = {message.id for message in entries(template)}
        for message in entries(catalogue):
            if message.id not in wanted:
                problems.append(f"{where}: obsolete (not in the English source any more): {message.id!r}")
            elif message.fuzzy:
                problems.append(f"{where}: fuzzy, review it and remove the flag: {message.id!r}")
            elif not message.string:
                problems.append(f"{where}: untranslated: {message.id!r}")
        problems += [f"{where}: obsolete entry: {m.id!r}" for m in catalogue.obsolete.values()]
        present = {message.id for message in entries(catalogue)}
        problems += [f"{where}: missing: {msgid!r}" for msgid in sorted(wanted - present)]
    assert problems == [], "\n" + "\n".join(problems) + "\nUpdate with `nox -s translations`, then translate."


def test_translation_keeps_code_roles_and_links(translations) -> None:
    problems = []
    for name, catalogue in sorted(translations.items()):
        for message in entries(catalogue):
            if message.string and markup(message.id) != markup(message.string):
                problems.append(
                    f"locales/zh_CN/LC_MESSAGES/{name}.po: {message.id!r}\n"
                    f"  English has {markup(message.id)}\n  Chinese has {markup(message.string)}"
                )
    assert problems == [], "\n" + "\n".join(problems)


def test_glossary_terms_are_translated_consistently(translations) -> None:
    terms, _ = glossary()
    problems = []
    for name, catalogue in sorted(translations.items()):
        for message in entries(catalogue):
            english = prose(message.id).lower()
            for term, chinese in terms.items():
                if re.search(rf"\b{re.escape(term.lower())}\b", english) and chinese not in message.string:
                    problems.append(f"{name}.po: {term!r} must be {chinese!r} in: {message.string!r}")
    assert problems == [], "\n" + "\n".join(problems)


def test_chinese_text_has_no_english_prose(translations) -> None:
    _, kept = glossary()
    problems = []
    for name, catalogue in sorted(translations.items()):
        for message in entries(catalogue):
            stray = [word for word in _LATIN_WORD.findall(prose(message.string)) if word not in kept]
            if stray:
                problems.append(f"{name}.po: English words {stray} in: {message.string!r}")
    assert problems == [], "\n" + "\n".join(problems) + "\nTranslate them, or add a name to locales/glossary.tsv."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The name {output}`var1:0 <examples/a.py>` and `tf.Variable`",
            ["{output}`var1:0 <examples/a.py>`", "`tf.Variable`"],
        ),
        ("see [the docs](https://example.org/x) and ``a`b``", ["``a`b``", "https://example.org/x"]),
        ("plain words only", []),
        ("as {ref}`shown here <reuse-modes>`", ["{ref}`<reuse-modes>`"]),
        ("如{ref}`此处所示 <reuse-modes>`", ["{ref}`<reuse-modes>`"]),
    ],
)
def test_markup_extraction(text: str, expected: list[str]) -> None:
    assert markup(text) == expected
