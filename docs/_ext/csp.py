"""A Content-Security-Policy for every page of the site, computed from each page as written.

The site is static and served from one origin: its pages need nothing from any other, and no
script but its own files and the few inline scripts of its templates. At the end of a build each
page gets a ``<meta http-equiv="Content-Security-Policy">`` first in its head that allows those
inline scripts and styles by their SHA-256 hashes, so a script or style that reaches a page any
other way (a picture, a translation) does not run; nor does eval, so the plural rules of the
catalogues come as code (docs/_static/plural-rules.js). A page with an event attribute or a
``javascript:`` URL, which the policy would silently break, fails the build instead.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Directives without a hash list. A <meta> policy cannot carry frame-ancestors, report-uri or
# sandbox (the browser ignores them there), so they are left out rather than ignored.
FIXED = {
    "default-src": "'none'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>\n?", re.IGNORECASE)


class _InlineCode(HTMLParser):
    """The text of each inline script and style of a page, exactly as the browser hashes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.problems: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.scripts.append("")
            self._open = self.scripts
        elif tag == "style":
            self.styles.append("")
            self._open = self.styles
        for key, value in attrs:
            if key.startswith("on"):
                self.problems.append(f"<{tag} {key}=...> (an event attribute)")
            elif value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {key}={value!r}> (a javascript: URL)")
        if "style" in names:
            self.problems.append(f'<{tag} style="..."> (a style attribute)')

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[-1] += data


def _hashes(texts: list[str]) -> str:
    digests = {base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") for text in texts}
    return " ".join(f"'sha256-{digest}'" for digest in sorted(digests))


def policy(html: str) -> tuple[str, list[str]]:
    """The policy for a page (its own inline scripts and styles allowed by hash), and what in it the policy
    would break."""
    page = _InlineCode()
    page.feed(_META.sub("", html))
    page.close()
    directives = {
        "script-src": f"'self' {_hashes(page.scripts)}".strip(),
        "style-src": f"'self' {_hashes(page.styles)}".strip(),
        **FIXED,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items()), page.problems


def protect(path: Path) -> list[str]:
    """Put the page's policy first in its head (replacing one of an earlier build); return its problems."""
    written = path.read_text(encoding="utf-8")
    html = _META.sub("", written)
    content, problems = policy(html)
    charset = _CHARSET.search(html)
    if charset is None:
        return [*problems, "no <meta charset> to put the policy after"]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">\n'
    protected = html[: charset.end()] + meta + html[charset.end() :]
    if protected != written:  # a page this build did not write keeps its time, as Sphinx left it
        path.write_text(protected, encoding="utf-8")
    return problems


def _protect_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    # The language's pages, and the root pages written next to the language folders (conf.py).
    pages = [p for p in sorted(out.rglob("*.html")) if "_static" not in p.relative_to(out).parts]
    pages += [p for p in (out.parent / "index.html", out.parent / "404.html") if p.is_file()]
    for page in pages:
        for problem in protect(page):
            logger.warning(f"{page}: {problem}, which the Content-Security-Policy would block; remove it")


def setup(app: Sphinx) -> dict[str, bool]:
    # After doctools.js (200), before the catalogue translations.js (500): see the file.
    app.add_js_file("plural-rules.js", priority=300)
    # Late, so that the root pages are written and the other handlers are done with the pages.
    app.connect("build-finished", _protect_site, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
