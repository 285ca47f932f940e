"""The site's Content-Security-Policy as computed from a page (docs/_ext/csp.py); in Chromium, test_csp.py."""

from __future__ import annotations

import base64
import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs/_ext"))
import csp

PAGE = (
    '<html><head><meta charset="utf-8">\n<script>var a = 1;</script><style>p{}</style></head><body>BODY</body></html>'
)


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_scripts_and_styles_are_allowed_by_their_hash_only(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace("BODY", "<p>x</p>"), encoding="utf-8")
    assert csp.protect(page) == []
    first = page.read_text(encoding="utf-8")
    assert f"script-src 'self' {digest('var a = 1;')};" in first and f"style-src 'self' {digest('p{}')};" in first
    assert first.index("Content-Security-Policy") < first.index("<script>")
    # A second pass keeps one policy, the same.
    assert csp.protect(page) == [] and page.read_text(encoding="utf-8") == first


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<button onclick="go()">x</button>', "onclick"),
        ('<a href=" JavaScript:go()">x</a>', "javascript: URL"),
        ('<p style="color:red">x</p>', "style attribute"),
    ],
)
def test_what_the_policy_would_break_is_reported(tmp_path: Path, body: str, problem: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace("BODY", body), encoding="utf-8")
    assert any(problem in found for found in csp.protect(page))
