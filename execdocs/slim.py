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

Sphinx copies the theme's files afresh on every build, so each build trims the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tinycss2
from tinycss2 import ast

# Stylesheets of the theme, as Sphinx copies them into the output.
DEFAULT_STYLESHEETS = [
    "_static/basic.css",
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
]
# At-rules whose block holds rules of its own, trimmed like the top level.
_NESTING = {"media", "supports", "layer", "container", "document"}
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc=["']([^"'?#]+)""", re.IGNORECASE)


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
            selectors = [part for part in _split(rule.prelude) if all(name in words for name in _names(part))]
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
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True), words)
            if not inner:
                continue
            rule.content = _join(inner)
            kept.append(rule)
        elif isinstance(rule, (ast.QualifiedRule, ast.AtRule)):
            kept.append(rule)
    return kept


def _strip(tokens: list[Any]) -> list[Any]:
    """A selector without the white space around it (kept between its parts)."""
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], ast.WhitespaceToken):
        start += 1
    while end > start and isinstance(tokens[end - 1], ast.WhitespaceToken):
        end -= 1
    return tokens[start:end]


def _join(rules: list[Any]) -> list[Any]:
    joined: list[Any] = []
    for rule in rules:
        joined.append(rule)
        joined.append(ast.WhitespaceToken(0, 0, "\n"))
    return joined


def trim_stylesheet(css: str, words: set[str]) -> str:
    """The stylesheet ``css`` without the rules whose selectors name a class or id not in ``words``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    errors = [rule for rule in rules if isinstance(rule, ast.ParseError)]
    if errors:
        raise ValueError(f"line {errors[0].source_line}: {errors[0].message}")
    return tinycss2.serialize(_join(_trim_rules(rules, words)))


def _trim_site(app: Any, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    words = words_of_site(outdir)
    for name in app.config.slim_stylesheets:
        path = outdir / name
        if not path.is_file():
            continue
        css = path.read_text(encoding="utf-8")
        try:
            trimmed = trim_stylesheet(css, words)
        except ValueError as error:
            raise RuntimeError(f"{name}: cannot be read as CSS, {error}; leave it out of slim_stylesheets") from None
        path.write_text(trimmed, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("slim_stylesheets", DEFAULT_STYLESHEETS, "html", types=[list])
    app.connect("build-finished", _trim_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
