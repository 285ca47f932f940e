"""The Chinese translation is complete, current, consistent with its glossary, and has no English prose;
a catalogue that is broken or unsafe stops the build at its line, before a page is written."""

from __future__ import annotations

import gettext
import io
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from myst_parser.config.main import MdParserConfig
from sphinx import locale
from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from execdocs import catalogues
from tests.util import ROOTS

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


# The catalogues of a build: hostile ones in tests/roots/test-catalogues/hostile/, and the real ones
# mutated. Each must stop the build at its line, before a page is read, so the page built from the
# good catalogue stays as it was.

CATALOGUE_ROOT = ROOTS / "test-catalogues"
HOSTILE = sorted((CATALOGUE_ROOT / "hostile").glob("*.po"))
#: The first line of a hostile catalogue says where it fails and with what.
_EXPECTED = re.compile(r"^# (?P<what>.+): fails at line (?P<line>\d+) with: (?P<text>.+)$")


def build_chinese(srcdir: Path) -> tuple[SphinxError | None, str]:
    """Build ``srcdir`` in Chinese: the error that stopped the build (or None) and its warnings."""
    warning = io.StringIO()
    locale.translators.clear()  # as in a fresh process (tests/util.py)
    gettext._translations.clear()  # type: ignore[attr-defined]
    try:
        app = SphinxTestApp(
            "html", srcdir=srcdir, builddir=srcdir / "_build", confoverrides={"language": "zh_CN"}, warning=warning
        )
        try:
            app.build()
        finally:
            app.cleanup()
    except SphinxError as error:
        return error, strip_colors(warning.getvalue())
    assert app.statuscode == 0, warning.getvalue()
    return None, strip_colors(warning.getvalue())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project, built once in Chinese from its good catalogue."""
    project = tmp_path_factory.mktemp("catalogues") / "project"
    shutil.copytree(CATALOGUE_ROOT, project)
    error, warnings = build_chinese(project)
    assert error is None, warnings
    page = (project / "_build/html/index.html").read_text(encoding="utf-8")
    assert "请读" in page and "目录文件" in page
    return project


def rebuild_with(built: Path, tmp_path: Path, name: str, text: str) -> tuple[Path, SphinxError | None, str, bytes]:
    """A copy of the built project with one catalogue written; its build's error and warnings, and the page."""
    project = tmp_path / "project"
    shutil.copytree(built, project)
    po = project / "locales/zh_CN/LC_MESSAGES" / name
    po.write_text(text, encoding="utf-8")
    error, warnings = build_chinese(project)
    return po, error, warnings, (project / "_build/html/index.html").read_bytes()


def assert_stopped_at(po: Path, line: int, text: str, error: SphinxError | None, warnings: str) -> None:
    """The build stopped, having reported ``text`` at ``po``'s ``line``."""
    assert isinstance(error, catalogues.CatalogueError), warnings
    assert "no page was read or written" in str(error)
    reported = [entry for entry in warnings.splitlines() if entry.startswith(f"{po}:{line}: ERROR: ")]
    assert any(text in entry for entry in reported), f"expected {po}:{line}: ... {text}\n{warnings}"


@pytest.mark.parametrize("hostile", HOSTILE, ids=[path.stem for path in HOSTILE])
def test_a_hostile_catalogue_stops_the_build_at_its_line(built: Path, tmp_path: Path, hostile: Path) -> None:
    text = hostile.read_text(encoding="utf-8")
    expected = _EXPECTED.match(text.splitlines()[0])
    assert expected, f"{hostile}: the first line must say where it fails"
    good_page = (built / "_build/html/index.html").read_bytes()
    po, error, warnings, page = rebuild_with(built, tmp_path, "index.po", text)
    assert_stopped_at(po, int(expected["line"]), expected["text"], error, warnings)
    assert page == good_page  # not rewritten with what the broken catalogue would have made of it


def test_every_hostile_kind_is_there() -> None:
    assert len(HOSTILE) >= 20


def test_a_build_without_msgfmt_says_what_to_install(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no msgfmt on it
    text = (CATALOGUE_ROOT / "locales/zh_CN/LC_MESSAGES/index.po").read_text(encoding="utf-8")
    _, error, warnings, _ = rebuild_with(built, tmp_path, "index.po", text)
    assert isinstance(error, catalogues.CatalogueError), warnings
    assert "msgfmt is not installed" in str(error) and "apt-get install gettext" in str(error)


def test_the_real_catalogues_pass_every_check(built: Path, tmp_path: Path) -> None:
    parser = catalogues.markdown_parser(MdParserConfig(enable_extensions={"colon_fence"}, heading_anchors=3))
    found = {po.name: catalogues.problems(po, parser) for po in sorted(CATALOGUES.glob("*.po"))}
    assert all(problems == [] for problems in found.values()), found
    project = tmp_path / "project"  # and the build takes them all
    shutil.copytree(built, project)
    for po in CATALOGUES.glob("*.po"):
        if po.name != "index.po":
            shutil.copy(po, project / "locales/zh_CN/LC_MESSAGES" / po.name)
    error, warnings = build_chinese(project)
    assert error is None, warnings


# Mutations of a real catalogue: each puts one flaw into one entry chosen at random (seeded by the
# catalogue and the mutation, so that a failure can be run again).
MUTATIONS = ["drop-quote", "duplicate", "bad-escape", "plural", "inject-html", "retarget-link", "identical"]
ATTACKER = "https://attacker.example/"
HTML = "<img src=x onerror=alert(1)>"


def mutate(text: str, kind: str, rng: random.Random) -> tuple[str, int, str]:
    """``text`` with one flaw of ``kind``; the line the build must report, and what it must say there."""
    lines = text.split("\n")
    parser = catalogues.default_parser()
    candidates = []
    for message in read_po(io.BytesIO(text.encode("utf-8"))):
        if not message.id:
            continue
        first = message.lineno - 1  # the msgid's line, counted from 0
        msgstr = next(index for index in range(first, len(lines)) if lines[index].startswith("msgstr"))
        end = next(index for index in range(msgstr + 1, len(lines)) if not lines[index].startswith('"'))
        english = catalogues.markup_of(message.id, parser)
        targets = sorted(t for t in english.targets if any(t in lines[i] for i in range(msgstr, end)))
        if kind == "retarget-link" and not targets:
            continue
        if kind == "identical" and (not english.words or catalogues.IDENTICAL in message.user_comments):
            continue
        candidates.append((first, msgstr, end, targets))
    first, msgstr, end, targets = rng.choice(candidates)
    where, says = first + 1, ""
    if kind == "drop-quote":
        at = rng.randrange(msgstr, end)
        lines[at] = lines[at].removesuffix('"')
        where, says = at + 1, "msgfmt --check: end-of-line within string"
    elif kind == "duplicate":
        where = len(lines) + 1  # the copy's msgid: after a blank line at the end
        lines[-1:] = ["", *lines[first:end], ""]
        says = "msgfmt --check: duplicate message definition"
    elif kind == "bad-escape":
        lines[msgstr] = lines[msgstr].replace('"', '"\\q', 1)
        where, says = msgstr + 1, "msgfmt --check: invalid control sequence"
    elif kind == "plural":
        lines[msgstr] = "msgstr[0]" + lines[msgstr].removeprefix("msgstr")
        says = "msgfmt --check: missing 'msgid_plural' section"
    elif kind == "inject-html":
        lines[msgstr] = lines[msgstr].replace('"', f'"{HTML}', 1)
        says = f"raw HTML that the English does not: {HTML}"
    elif kind == "retarget-link":
        target = rng.choice(targets)
        at = max(index for index in range(msgstr, end) if target in lines[index])
        head, _, tail = lines[at].rpartition(target)
        lines[at] = head + ATTACKER + tail
        says = f"link targets differ from the English (added ['{ATTACKER}'], dropped ['{target}'])"
    elif kind == "identical":
        lines[msgstr:end] = ["msgstr" + lines[first].removeprefix("msgid"), *lines[first + 1 : msgstr]]
        says = "the translation is the English text"
    return "\n".join(lines), where, says


def _has_links(po: Path) -> bool:
    """Whether an entry of the catalogue links somewhere (a catalogue without any cannot be retargeted)."""
    parser = catalogues.default_parser()
    return any(message.id and catalogues.markup_of(message.id, parser).targets for message in read_catalogue(po))


MUTATED = [
    (po.name, kind)
    for po in sorted(CATALOGUES.glob("*.po"))
    for kind in MUTATIONS
    if kind != "retarget-link" or _has_links(po)
]


@pytest.mark.parametrize(("name", "kind"), MUTATED)
def test_a_mutated_real_catalogue_stops_the_build_at_its_line(
    built: Path, tmp_path: Path, name: str, kind: str
) -> None:
    rng = random.Random(f"{name}/{kind}")
    text, line, says = mutate((CATALOGUES / name).read_text(encoding="utf-8"), kind, rng)
    good_page = (built / "_build/html/index.html").read_bytes()
    po, error, warnings, page = rebuild_with(built, tmp_path, name, text)
    assert_stopped_at(po, line, says, error, warnings)
    assert page == good_page


@pytest.mark.parametrize(
    ("english", "translated", "comments"),
    [
        ("a **store** of variables", "变量的**存储**", []),  # emphasis where the English has none, or moved
        ("*see* {ref}`reuse-modes`", "见{ref}`这些模式 <reuse-modes>`", []),  # a cross-reference gets words
        ("{doc}`the page <tf2>`", "{doc}`tf2`", []),
        ("`tf.Variable`, {ref}`x`", "`tf.Variable`, {ref}`x`", []),  # nothing to translate: no mark needed
        ("TensorFlow 2", "TensorFlow 2", ["identical"]),
        ("line<br>break", "换<br>行", []),  # the English's own HTML, copied
        ("[notes](https://example.org/a)", "[说明](https://example.org/a)", []),
    ],
)
def test_what_a_translation_may_change(english: str, translated: str, comments: list[str]) -> None:
    assert catalogues.entry_problems(english, translated, comments, catalogues.default_parser()) == []
