"""Lighthouse on every page of a built site, on a phone and on a desktop, printed as a table.

Run by `nox -s bench` (after its build benchmark, on the site it built), or alone on a site
already built: `python tests/lighthouse.py _build/html`. Lighthouse comes from
tests/lighthouse/node_modules (`npm ci --prefix tests/lighthouse`, pinned by its lock file) and
drives Debian's Chromium (or $CHROMIUM); nothing downloads a browser. The pages are served
gzipped, from 127.0.0.1, as a static host sends them. Not a test: the scores are read against
the targets in the README (performance 95, the other categories 100).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tests/lighthouse/node_modules/lighthouse/cli/index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Headless, and no call to Google's services: the network here is closed.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt"}


class GzipHost(http.server.SimpleHTTPRequestHandler):
    """A static host: text is sent gzipped to a browser that accepts it (as GitHub Pages does), unless
    ``compress`` is off."""

    compress = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts and path.suffix in _TEXT and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalHost(http.server.ThreadingHTTPServer):
    """The server of every local site the tests and benchmarks load in a browser. A page asks for
    twenty files at once: a queue of 5 (the default) drops connections on a busy machine, and the
    browser asks again a second later, which a timing or a test then reads as the page's."""

    request_queue_size = 128


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, gzipped; yields its address."""
    server = LocalHost(("127.0.0.1", 0), functools.partial(GzipHost, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def site_pages(site: Path) -> list[str]:
    """Every page of every language folder (not the theme's files under _static/)."""
    pages = []
    for folder in sorted(p for p in site.iterdir() if p.is_dir() and (p / "index.html").is_file()):
        for page in sorted(folder.rglob("*.html")):
            relative = page.relative_to(site)
            if not any(part.startswith("_") for part in relative.parts):
                pages.append(relative.as_posix())
    return pages


def audit(url: str, desktop: bool, keep: Path | None = None) -> dict[str, object]:
    """One Lighthouse run: the four category scores (0-100) and the audits that cost points; the
    whole report is copied into ``keep`` when given."""
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} missing: run `npm ci --prefix tests/lighthouse`")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
        command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"]
        if desktop:
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium}
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        if done.returncode or not report.is_file():
            sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
        result = json.loads(report.read_text(encoding="utf-8"))
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            name = url.split("/", 3)[-1].replace("/", "-").removesuffix(".html")
            shutil.copy(report, keep / f"{name}-{'desktop' if desktop else 'mobile'}.json")
    scores = {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    losses = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            found = result["audits"][ref["id"]]
            if ref["weight"] and found.get("score") is not None and found["score"] < 0.9:
                losses.append(f"{ref['id']} ({found.get('displayValue') or found['score']})")
    return {"scores": scores, "losses": losses, "dom": _dom_size(result)}


def _dom_size(result: dict) -> str:
    found = result["audits"].get("dom-size", {})
    return str(found.get("numericValue", "")).split(".")[0]


def table(site: Path, pages: list[str] | None = None, keep: Path | None = None) -> list[str]:
    """One line per page and form factor: the four scores, the elements, what cost points."""
    lines = [f"{'page':<22} {'form':<8} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'DOM':>5}  below 90"]
    print(lines[0], flush=True)
    with served(site) as base:
        for page in pages or site_pages(site):
            for desktop in (False, True):
                found = audit(f"{base}/{page}", desktop, keep)
                scores = found["scores"]
                assert isinstance(scores, dict)
                row = " ".join(f"{scores[name]:>4}" for name in CATEGORIES)
                losses = ", ".join(found["losses"]) if isinstance(found["losses"], list) else ""
                form = "desktop" if desktop else "mobile"
                lines.append(f"{page:<22} {form:<8} {row} {found['dom']:>5}  {losses}")
                print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, help="a built site (the folder holding en/ and zh-cn/)")
    parser.add_argument("pages", nargs="*", help="pages to audit, relative to the site (default: every page)")
    parser.add_argument("--json", type=Path, metavar="FOLDER", help="keep each Lighthouse report (JSON) in FOLDER")
    args = parser.parse_args()
    table(args.site, args.pages, args.json)


if __name__ == "__main__":
    main()
