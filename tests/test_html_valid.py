"""Every page of the built site is valid HTML: the Nu HTML Checker (vnu.jar, from tests/browser's
npm packages) finds no error, and no warning about what the site's own templates write."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.util import Verdicts

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "tests/browser/node_modules/vnu-jar/build/dist/vnu.jar"

# Warnings that come from outside the site's templates, each with where it comes from. (The
# checker's notes that are not warnings, such as the trailing slash of Sphinx's void elements,
# are not counted at all.)
OUTSIDE = {
    # The checker reads the pages as files: no 'self' source matches a file: address, and it
    # computes no hash of inline code. The policy is tested in Chromium (tests/browser/test_csp.py).
    r"(Resource|Inline script|Inline style) violates Content Security Policy \(meta tag\)": "the checker",
    # pydata-sphinx-theme's layout: <main role="main">, and its <article> holding Sphinx's <h1>.
    r"The “main” role is unnecessary for element “main”": "pydata-sphinx-theme",
    r"Consider using the “h1” element as a top-level heading only": "pydata-sphinx-theme",
    r"Article lacks heading": "pydata-sphinx-theme",
    # sphinx-book-theme's print-only title, empty on Sphinx's generated index page.
    r"Empty heading": "sphinx-book-theme",
    # The checker guesses a page's language from its text; the Chinese report page is mostly
    # release numbers and example names.
    r"This document appears to be written in English but the “html” start tag has “lang=\"zh-CN\"”": "the checker",
}


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the site: the root pages and each language's (not the theme's _static/)."""
    pages = sorted(site.glob("*.html"))
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        pages += sorted(p for p in folder.rglob("*.html") if not p.relative_to(site).parts[1].startswith("_"))
    return pages


def problems(messages: list[dict], site: Path) -> list[str]:
    """The errors and warnings, located, less those of OUTSIDE."""
    found = []
    for message in messages:
        warning = message.get("type") == "info" and message.get("subType") == "warning"
        if message.get("type") != "error" and not warning:
            continue
        text = message.get("message", "")
        if warning and any(re.match(pattern, text) for pattern in OUTSIDE):
            continue
        page = message.get("url", "").split(site.resolve().as_posix())[-1]
        found.append(f"{page}:{message.get('lastLine', '?')}: {message['type']}: {text}")
    return found


def test_every_page_is_valid_html(request: pytest.FixtureRequest) -> None:
    """Every page, checked by the Nu HTML Checker; a page it passed before, made of the same bytes and
    checked by the same checker, Java and code, is not checked again (Verdicts)."""
    folder = os.environ.get("SITE_DIR")
    if not folder or not (Path(folder) / "en/index.html").is_file():
        pytest.fail("no built site: run this test through `nox -s tests`, which builds it (SITE_DIR)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML Checker needs Java: install Debian's default-jre-headless")
    if not VNU.is_file():
        pytest.fail(f"{VNU} missing: run `npm ci` in tests/browser")
    site = Path(folder)
    pages = site_pages(site)
    assert {"404.html", "index.html", "en/index.html", "zh-cn/index.html"} <= {
        p.relative_to(site).as_posix() for p in pages
    }
    runtime = Path(java).resolve()
    status = runtime.stat()
    java_release = f"{runtime} {status.st_size} {status.st_mtime_ns}"
    inputs = [Path(__file__).read_text(encoding="utf-8"), VNU.read_bytes(), java_release]
    verdicts = Verdicts(request.config, "nu-html-checker", *inputs)
    checked = [page for page in pages if not verdicts.unchanged(page.relative_to(site).as_posix(), page.read_bytes())]
    found = []
    if checked:
        done = subprocess.run(
            [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, checked)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.stdout, done.stderr[-2000:]
        found = problems(json.loads(done.stdout)["messages"], site)
    if not found:  # a message is not always about one page: after a failure every page is checked again
        for page in checked:
            verdicts.passes(page.relative_to(site).as_posix(), page.read_bytes())
    verdicts.save()
    print(f"Nu HTML Checker: {len(pages)} pages, {len(checked)} checked ({len(pages) - len(checked)} passed before)")
    assert found == [], "\n".join(found[:50])
