"""A built site served on localhost, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import runpy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.lighthouse import LocalHost
from tests.util import digest

ROOT = Path(__file__).resolve().parents[2]
_SITE_LANGUAGES = runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"]
#: The site's language folders, in the order of LANGUAGES in conf.py (the site's one list of them).
LANGUAGES: list[str] = [folder for folder, _, _ in _SITE_LANGUAGES.values()]
#: Each folder's language tag (``hreflang``, the page's ``lang``), from the same list.
HREFLANGS: dict[str, str] = {folder: hreflang for folder, hreflang, _ in _SITE_LANGUAGES.values()}
ARTIFACTS = ROOT / "_build/test-artifacts"
# Flags for a closed network: without them Chromium keeps reaching for Google's services.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site: the folder `nox -s tests` built and named in SITE_DIR."""
    folder = os.environ.get("SITE_DIR")
    if not folder or not (Path(folder) / "en/index.html").is_file():
        pytest.fail("no built site: run the browser tests through `nox -s tests`, which builds it (SITE_DIR)")
    return Path(folder)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served over HTTP on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = LocalHost(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


#: Debian's build of Chromium's headless shell (package `chromium-headless-shell`): the same engine as
#: `chromium` without the desktop browser around it, about twice as fast to drive; `CHROMIUM` names another.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, as its headless shell; nothing downloads a browser of its own."""
    executable = os.environ.get("CHROMIUM") or HEADLESS_SHELL
    if not Path(executable).exists():
        pytest.fail(f"{executable} not found: install Debian's chromium-headless-shell, or set CHROMIUM to a Chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What a page did: console errors and warnings, failed and blocked requests."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def watch(page: Page) -> Traffic:
    """Record the page's problems, and refuse every request that leaves localhost."""
    traffic = Traffic()

    def route(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            traffic.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)

    def console(message):
        if message.type == "error":
            traffic.errors.append(message.text)
        elif message.type == "warning":
            traffic.warnings.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: traffic.errors.append(str(error)))
    page.on("requestfailed", lambda r: traffic.failed.append(f"{r.url} ({r.failure})"))
    return traffic


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder drives the browser over the built site: marked so (``-m "not browser"``
    leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.site)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page (empty storage); on failure, screenshots of each language's main page are kept."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}-last-page.png"), full_page=True)
        for folder in LANGUAGES:
            shot = context.new_page()
            shot.goto(f"{base_url}/{folder}/index.html")
            shot.screenshot(path=str(ARTIFACTS / f"{name}-{folder}-index.png"), full_page=True)
    context.close()


def pages_of(site_dir: Path, folder: str) -> list[str]:
    """Every page of one language (not the theme's files under _static/), relative to the site root."""
    pages = (p.relative_to(site_dir) for p in (site_dir / folder).rglob("*.html"))
    return sorted(p.as_posix() for p in pages if not any(part.startswith("_") for part in p.parts))


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, from tests/browser/node_modules (installed by `npm ci` in `nox -s tests`)."""
    path = Path(__file__).parent / "node_modules/axe-core/axe.min.js"
    if not path.is_file():
        pytest.fail(f"{path} missing: run `npm ci` in tests/browser")
    return path.read_text(encoding="utf-8")


def until(page: Page, holds: Callable[[], bool], failure: str, timeout_ms: int = 5000) -> None:
    """Look again every 50 ms until ``holds()`` is true (a panel has opened, a scroll has landed);
    fail with ``failure`` when it is still false after ``timeout_ms``."""
    waited = 0
    while not holds():
        if waited >= timeout_ms:
            raise AssertionError(f"{failure} (after {timeout_ms} ms)")
        page.wait_for_timeout(50)
        waited += 50


def quoting_results(page: Page, at_least: int) -> list[tuple[str, str]]:
    """Once at least ``at_least`` search results quote their page: the address and the quote of each."""
    until(
        page,
        lambda: page.locator("#search-results li p.context").count() >= at_least,
        f"fewer than {at_least} results with a snippet",
        timeout_ms=15_000,
    )
    return page.eval_on_selector_all(
        "#search-results ul.search li",
        "items => items.filter(li => li.querySelector('p.context'))"
        ".map(li => [li.querySelector('a').href, li.querySelector('p.context').textContent])",
    )


@functools.cache
def installed_fonts() -> str:
    """The fonts Chromium may lay a page out with: each font file's path, size and time."""
    found = []
    home = Path.home()
    for top in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"):
        for path in sorted(top.rglob("*")):
            if path.is_file():
                status = path.stat()
                found.append(f"{path}\t{status.st_size}\t{status.st_mtime_ns}")
    return digest(*found)
