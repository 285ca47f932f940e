"""Ship only the stylesheet rules that the built site can use.

The theme's stylesheet (pydata-sphinx-theme, with Bootstrap inside) is about 370 kB, and the
first paint of every page waits for it. Most of its rules style components this site never
shows. Once every page is written, this extension rewrites the theme's stylesheets in the
output, keeping a rule when each class and id its selector names occurs somewhere the browser
could take it from: the built pages, or the scripts those pages load (the theme's scripts add
classes such as ``show`` at run time; every word of them counts as a class that may appear).

It errs on the side of keeping: a selector's element names, attribute selectors (such as the
dark mode's ``html[data-theme=dark]``) and everything inside ``:not()``, ``:is()``, ``:has()``
and the like never cause a drop; only a class or an id that occurs nowhere does. @font-face,
@keyframes and the like stay whole; @media and @supports keep their structure, minus the rules
trimmed inside them. The same pages give the same stylesheet, byte for byte.

Sphinx copies the theme's files afresh on every build, so each build trims the original. The
result depends only on the stylesheets, the words and this module's code, so it is kept under a
checksum of those (in ``slim_cache_dir``: the site's ``_build/slim-cache/``, or the doctree folder):
a build that meets the same input again, in any output folder, takes the kept result instead of
parsing 370 kB of CSS again. The newest few results are kept.

The highlighted code is trimmed too: a token whose colour is the code block's own, in every
colour mode (names and punctuation, with the theme's styles), is written as plain text instead of
an element of its own. The reader sees the same code; a long page holds half the elements.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tinycss2
from sphinx.errors import ExtensionError
from tinycss2 import ast

# Stylesheets of the theme, as Sphinx copies them into the output.
DEFAULT_STYLESHEETS = [
    "_static/basic.css",
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
    "_static/pygments.css",
]
# At-rules whose block holds rules of its own, trimmed like the top level.
_NESTING = {"media", "supports", "layer", "container", "document"}
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_SCRIPT = re.compile(r"""<script\b[^<>]*\bsrc=["']([^"'?#<>]+)""", re.IGNORECASE)
# Pygments' rules: the block (`.highlight`) and each token class (`.highlight .n`), per colour mode.
_PYGMENTS_RULE = re.compile(r"\.highlight(?:\s+\.(?P<token>[A-Za-z0-9_-]+))?\s*\Z")
# A <pre> and its content, which holds no other <pre> or </pre>.
_PRE = re.compile(r"(<pre\b[^<>]*>)((?:[^<]|<(?!/?pre\b))*)(</pre>)")
# Trimmed results kept in slim_cache_dir: one per input (each language, each set of pages built).
KEPT_RESULTS = 16


def words_of_site(outdir: Path) -> set[str]:
    """Every word of every page, and of every script a page loads: whatever could be a class or id."""
    words: set[str] = set()
    scripts: set[Path] = set()
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        words.update(_WORD.findall(text))
        for source in _SCRIPT.findall(text):
            script = (page.parent / source).resolve()
            if script.is_file() and script.is_relative_to(outdir.resolve()):
                scripts.add(script)
    for script in sorted(scripts):
        words.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return words


def _names(selector: list[Any]) -> Iterator[str]:
    """The classes and ids that a compound selector requires (not those inside a function)."""
    for index, token in enumerate(selector):
        if isinstance(token, ast.HashToken) and token.is_identifier:
            yield token.value
        elif (
            isinstance(token, ast.LiteralToken)
            and token.value == "."
            and index + 1 < len(selector)
            and isinstance(selector[index + 1], ast.IdentToken)
        ):
            yield selector[index + 1].value


def _found(name: str, words: set[str]) -> bool:
    """Whether a class or id may occur; one that is not a plain word (``md:flex``) is not looked for."""
    return name in words or not _WORD.fullmatch(name)


def _split(prelude: list[Any]) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _trim_rules(rules: Iterable[Any], words: set[str]) -> list[Any]:
    kept: list[Any] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            selectors = [part for part in _split(rule.prelude) if all(_found(name, words) for name in _names(part))]
            if not selectors:
                continue
            prelude: list[Any] = []
            for part in selectors:
                if prelude:
                    prelude.append(ast.LiteralToken(0, 0, ","))
                prelude += _strip(part)
            rule.prelude = prelude
            kept.append(rule)
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _NESTING and rule.content is not None:
            inner = _trim_rules(_rule_list(rule), words)
            if not inner:
                continue
            rule.content = _join(inner)
            kept.append(rule)
        elif isinstance(rule, (ast.QualifiedRule, ast.AtRule)):
            kept.append(rule)
    return kept


def _rule_list(rule: Any) -> list[Any]:
    rules = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
    _raise_errors(rules)
    return rules


def _raise_errors(rules: list[Any]) -> None:
    errors = [rule for rule in rules if isinstance(rule, ast.ParseError)]
    if errors:
        raise ValueError(f"line {errors[0].source_line}: {errors[0].message}")


def _strip(tokens: list[Any]) -> list[Any]:
    """A selector without the white space around it (kept between its parts)."""
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], ast.WhitespaceToken):
        start += 1
    while end > start and isinstance(tokens[end - 1], ast.WhitespaceToken):
        end -= 1
    return tokens[start:end]


def _join(rules: list[Any]) -> list[Any]:
    """Rules one a line, as the tokens of a block's content."""
    return tinycss2.parse_component_value_list("\n".join(rule.serialize() for rule in rules))


def _custom_properties(rules: Iterable[Any], used: set[str]) -> tuple[list[Any], set[str]]:
    """The rules without their declarations of custom properties (``--name``) not in ``used``, and
    the custom properties that the declarations kept read (``var(--name)``)."""
    kept: list[Any] = []
    reads: set[str] = set()
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            if all(isinstance(item, ast.Declaration) for item in items):
                items = [item for item in items if not item.name.startswith("--") or item.name in used]
                if not items:
                    continue
                rule.content = _declarations(items)
            reads |= set(_VAR.findall(tinycss2.serialize(rule.content)))
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _NESTING and rule.content is not None:
            inner, inner_reads = _custom_properties(_rule_list(rule), used)
            reads |= inner_reads
            if not inner:
                continue
            rule.content = _join(inner)
        elif isinstance(rule, ast.AtRule) and rule.content is not None:
            reads |= set(_VAR.findall(tinycss2.serialize(rule.content)))
        kept.append(rule)
    return kept, reads


def _declarations(items: list[Any]) -> list[Any]:
    return tinycss2.parse_component_value_list(";".join(item.serialize() for item in items))


def _parse(name: str, css: str) -> list[Any]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    try:
        _raise_errors(rules)
    except ValueError as error:
        raise ValueError(f"{name}, {error}") from None
    return rules


def trim_stylesheets(sheets: dict[str, str], words: set[str]) -> dict[str, str]:
    """Each stylesheet without the rules whose selectors name a class or id not in ``words``, and
    without the custom properties that nothing reads: no ``var()`` of a rule kept in any of them,
    no word in ``words`` (the pages' own styles and scripts)."""
    trimmed = {name: _trim_rules(_parse(name, css), words) for name, css in sheets.items()}
    named = {word for word in words if word.startswith("--")}
    used = named | {read for rules in trimmed.values() for read in _VAR.findall(tinycss2.serialize(rules))}
    while True:  # a property read only by one dropped frees others: until nothing more goes
        reads: set[str] = set()
        for name, rules in trimmed.items():
            trimmed[name], found = _custom_properties(rules, used)
            reads |= found
        if named | reads == used:
            break
        used = named | reads
    return {name: tinycss2.serialize(_join(rules)) + "\n" for name, rules in trimmed.items()}


def plain_tokens(css: str) -> set[str]:
    """The token classes of a Pygments stylesheet drawn exactly as the block's own text, in every
    colour mode it styles: their only declaration is the block's colour."""
    blocks: dict[str, dict[str, str]] = {}
    tokens: dict[str, dict[str, dict[str, str]]] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if not isinstance(rule, ast.QualifiedRule):
            continue
        items = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        declarations = {
            item.name: tinycss2.serialize(item.value).strip().lower()
            for item in items
            if isinstance(item, ast.Declaration)
        }
        for selector in tinycss2.serialize(rule.prelude).split(","):
            found = _PYGMENTS_RULE.search(selector.strip())
            if not found:
                continue
            mode, token = selector.strip()[: found.start()].strip(), found["token"]
            if token is None:
                blocks.setdefault(mode, {}).update(declarations)
            else:
                tokens.setdefault(token, {}).setdefault(mode, {}).update(declarations)
    plain = set()
    for token, modes in tokens.items():
        same = all(
            set(declarations) == {"color"} and declarations["color"] == blocks.get(mode, {}).get("color")
            for mode, declarations in modes.items()
        )
        if same and set(modes) == set(blocks):
            plain.add(token)
    return plain


def unwrap_tokens(html: str, plain: set[str]) -> str:
    """The page with each token of a class in ``plain``, inside a <pre>, as its bare text."""
    if not plain:
        return html
    names = "|".join(re.escape(name) for name in sorted(plain))
    span = re.compile(rf'<span class="(?:{names})">([^<]*)</span>')
    return _PRE.sub(lambda m: m[1] + span.sub(r"\1", m[2]) + m[3], html)


def _unwrap_site(outdir: Path) -> None:
    css = outdir / "_static/pygments.css"
    plain = plain_tokens(css.read_text(encoding="utf-8")) if css.is_file() else set()
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        unwrapped = unwrap_tokens(text, plain)
        if unwrapped != text:
            page.write_text(unwrapped, encoding="utf-8")


def _trim_site(app: Any, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    _unwrap_site(outdir)
    paths = {name: outdir / name for name in app.config.slim_stylesheets if (outdir / name).is_file()}
    sheets = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    try:
        store = Path(app.confdir, app.config.slim_cache_dir) if app.config.slim_cache_dir else Path(app.doctreedir)
        trimmed = _trimmed_as_before(store, sheets, words_of_site(outdir))
    except ValueError as error:
        raise ExtensionError(f"cannot read {error}; take it out of slim_stylesheets in conf.py") from None
    for name, css in trimmed.items():
        paths[name].write_text(css, encoding="utf-8")
        # Its source map describes the untrimmed sheet (and the trimmed one no longer names it).
        paths[name].with_name(paths[name].name + ".map").unlink(missing_ok=True)
    _version_links(outdir, trimmed)


def _trimmed_as_before(store: Path, sheets: dict[str, str], words: set[str]) -> dict[str, str]:
    """:func:`trim_stylesheets`, or its result for the same input, kept in ``store`` by an earlier build.
    Each result is a file named by the checksum of its input, written whole (a build running
    alongside reads either no file or the whole of it); beyond :data:`KEPT_RESULTS` the oldest go."""
    key = hashlib.sha256(
        json.dumps([Path(__file__).read_text(encoding="utf-8"), tinycss2.__version__, sheets, sorted(words)]).encode()
    ).hexdigest()
    kept = store / f"slim-{key}.json"
    try:
        last = json.loads(kept.read_text(encoding="utf-8"))
        if isinstance(last, dict) and last.keys() == sheets.keys():
            os.utime(kept)  # used now: the last to go
            return {name: str(css) for name, css in last.items()}
    except (OSError, ValueError):
        pass
    trimmed = trim_stylesheets(sheets, words)
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=store, suffix=".part", delete=False) as part:
        json.dump(trimmed, part)
    os.replace(part.name, kept)
    results = sorted(((_mtime(path), path) for path in store.glob("slim-*.json")), reverse=True)
    for _, old in results[KEPT_RESULTS:]:
        old.unlink(missing_ok=True)
    return trimmed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by a build alongside
        return 0.0


def _version_links(outdir: Path, trimmed: dict[str, str]) -> None:
    """Link each trimmed stylesheet with its own checksum (``?v=``), not the original's: a page that
    comes to use a rule the last trimmed copy lacked then never meets that copy in a cache."""
    links = []
    for name, css in sorted(trimmed.items()):
        version = f"{zlib.crc32(css.encode('utf-8')):08x}"
        pattern = re.compile(rf'(href="(?:\.\./)*{re.escape(name)}\?(?:v|digest)=)[^"]*"')
        links.append((pattern, rf'\g<1>{version}"'))
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        linked = text
        for pattern, replacement in links:
            linked = pattern.sub(replacement, linked)
        if linked != text:
            page.write_text(linked, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("slim_stylesheets", DEFAULT_STYLESHEETS, "html", types=[list])
    # Where trimmed results are kept, relative to conf.py's folder; empty: the doctree folder.
    app.add_config_value("slim_cache_dir", "", "", types=[str])
    # Late among the handlers of the build's end: the theme rewrites pygments.css in one of them.
    app.connect("build-finished", _trim_site, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
