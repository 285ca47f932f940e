"""A built site served on localhost, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import json
import os
import runpy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

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


# A long page lays out the sections off its first screen when the reader nears them, and, once it
# has loaded, draws them all, one at a time (draw-sections.js). Until then their text and boxes are
# not laid out: innerText reads "", a bounding box is None, axe measures a page whose height still
# changes. So in these tests a navigation that waits for the page's load (Page.goto and Page.reload,
# as by default, or for the network to fall idle) returns once the page has drawn its sections too,
# as the load event did before the sections waited. A navigation that waits for less
# (wait_until="domcontentloaded" or "commit") is left as it is, for tests of what comes before.
# The page tells when: the wait watches the attribute the script sets, rather than asking on every
# frame (Playwright's polling of a function asks each animation frame, and so makes the page draw
# frames all the while; at some 700 navigations a run, that was about a tenth of the browser tests'
# time).
_DRAWN = """(timeout) => new Promise((drawn, late) => {
  const root = document.documentElement;
  const done = () => 'sectionsDrawn' in root.dataset
    || document.querySelector('script[src*="draw-sections.js"]') === null;
  if (done()) return drawn(true);
  const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); drawn(true); } });
  watch.observe(root, {attributes: true, attributeFilter: ['data-sections-drawn']});
  setTimeout(() => { watch.disconnect(); late(new Error(`sections not all drawn after ${timeout} ms`)); }, timeout);
})"""


def sections_drawn(page: Page) -> None:
    """Wait until the page has drawn all its sections (or has none to draw)."""
    page.evaluate(_DRAWN, 15_000)


def _then_drawn(navigate: Callable) -> Callable:
    @functools.wraps(navigate)
    def navigate_and_wait(self: Page, *args, **kwargs):
        response = navigate(self, *args, **kwargs)
        if kwargs.get("wait_until") in (None, "load", "networkidle") and self.url.startswith("http"):
            sections_drawn(self)
        return response

    return navigate_and_wait


Page.goto = _then_drawn(Page.goto)  # type: ignore[method-assign]
Page.reload = _then_drawn(Page.reload)  # type: ignore[method-assign]


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

    def page_error(error):
        traffic.errors.append(str(error))

    def request_failed(request):
        traffic.failed.append(f"{request.url} ({request.failure})")

    for event, handler in (("console", console), ("pageerror", page_error), ("requestfailed", request_failed)):
        page.on(event, handler)
        _WATCHERS.append((page, event, handler))
    return traffic


#: What watch() listens with, so that a kept page (Pages) stops recording for a test that has ended.
_WATCHERS: list[tuple[Page, str, Callable]] = []


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


class Pages:
    """Pages of Debian's Chromium, one kept per set of context options in each test process.

    A new context starts a new renderer whose font and style caches are empty: about 300 ms of CPU
    per test. A kept page is instead handed to the next test that asks for the same options, reset to
    what a new context gives it: no route, no cookie, no permission, empty local and session storage
    of the site, the options' viewport, no emulated media, default timeouts, a blank document. What
    it keeps is its caches, HTTP's included: a test about a first visit asks for a fresh page. The
    ``pages`` fixture gives back what a test was lent when it ends, passed or failed (``done``)."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.kept: dict[str, Page] = {}
        self.lent: list[Page] = []
        self.fresh: list[BrowserContext] = []

    def get(self, *, fresh: bool = False, **options) -> Page:
        """A page with a new context's state, of a new context when ``fresh``."""
        if fresh:
            self.fresh.append(self.browser.new_context(**options))
            page = self.fresh[-1].new_page()
        else:
            key = json.dumps(options, sort_keys=True)
            page = self.kept.get(key)
            if page is None or page.is_closed():
                page = self.kept[key] = self.browser.new_context(**options).new_page()
            else:
                self._reset(page, options)
        self.lent.append(page)
        return page

    def _reset(self, page: Page, options: dict) -> None:
        page.set_default_timeout(30_000)  # first: the steps below wait
        page.set_default_navigation_timeout(30_000)
        page.unroute_all(behavior="ignoreErrors")
        context = page.context
        context.clear_cookies()
        context.clear_permissions()
        if options.get("permissions"):
            context.grant_permissions(options["permissions"])
        # Storage is the origin's: cleared from a document of the origin (the server's small 404 page).
        page.goto(f"{self.base_url}/.kept-page-reset", wait_until="domcontentloaded")
        page.evaluate("localStorage.clear(); sessionStorage.clear()")
        page.goto("about:blank")
        page.set_viewport_size(options.get("viewport", DEFAULT_VIEWPORT))
        page.emulate_media(
            media="null",
            color_scheme=options.get("color_scheme", "light"),
            reduced_motion="no-preference",
            forced_colors="none",
            contrast="no-preference",
        )

    def done(self) -> None:
        """The test has ended: the watchers of the pages it was lent go, and the contexts made fresh for it
        (watchers of pages closed since are forgotten too)."""
        for watcher in list(_WATCHERS):
            page, event, handler = watcher
            if any(page is lent for lent in self.lent) and not page.is_closed():
                page.remove_listener(event, handler)
            if any(page is lent for lent in self.lent) or page.is_closed():
                _WATCHERS.remove(watcher)
        self.lent.clear()
        for context in self.fresh:
            context.close()
        self.fresh.clear()


#: Playwright's viewport for a context that names none.
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture(scope="session")
def kept_pages(browser: Browser, base_url: str) -> Iterator[Pages]:
    kept = Pages(browser, base_url)
    yield kept
    for page in kept.kept.values():
        page.context.close()


@pytest.fixture
def pages(kept_pages: Pages) -> Iterator[Pages]:
    """The test process's kept pages (Pages); what the test was lent is given back when it ends."""
    yield kept_pages
    kept_pages.done()


@pytest.fixture
def page(pages: Pages, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page with empty storage, kept from test to test (Pages) unless the test is marked
    ``first_visit``; on failure, screenshots of each language's main page are kept."""
    page = pages.get(fresh=request.node.get_closest_marker("first_visit") is not None)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}-last-page.png"), full_page=True)
        for folder in LANGUAGES:
            shot = page.context.new_page()
            shot.goto(f"{base_url}/{folder}/index.html")
            shot.screenshot(path=str(ARTIFACTS / f"{name}-{folder}-index.png"), full_page=True)
            shot.close()


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
