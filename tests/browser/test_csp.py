"""The site's Content-Security-Policy (docs/_ext/csp.py): on every page, nothing the site does is
refused, and what the site did not write does not run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LANGUAGES, Traffic, pages_of, until, watch

# Every refusal the policy makes is recorded, on the page and in its frames.
REPORT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def guarded(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    """A page that records every refusal of the policy, with its console errors and outside requests."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(REPORT)
    page = context.new_page()
    yield page, watch(page)
    context.close()


def refusals(page: Page, traffic: Traffic) -> list[str]:
    """What the policy refused on the page, and the console's errors (Chromium logs each refusal there too)."""
    return [*page.evaluate("window.__csp"), *traffic.errors, *traffic.blocked]


def every_page(site_dir: Path) -> list[str]:
    return ["index.html", "404.html", *(p for folder in LANGUAGES for p in pages_of(site_dir, folder))]


def test_every_page_carries_a_policy_that_refuses_other_origins(site_dir: Path) -> None:
    for path in every_page(site_dir):
        head = (site_dir / path).read_text(encoding="utf-8").split("</head>")[0]
        meta = head.split('<meta http-equiv="Content-Security-Policy" content="')
        assert len(meta) == 2, f"{path} has no policy, or two"
        # First in the head after the charset: it covers every script and style of the page.
        assert "<script" not in meta[0] and "<style" not in meta[0] and "<link" not in meta[0], path
        policy = dict(d.strip().split(" ", 1) for d in meta[1].split('"')[0].split(";"))
        assert policy["default-src"] == "'none'" and policy["object-src"] == "'none'", path
        assert policy["base-uri"] == "'none'" and policy["form-action"] == "'self'", path
        assert "unsafe-inline" not in meta[1].split('"')[0] and "http" not in meta[1].split('"')[0], path


def test_every_page_loads_whole_under_the_policy(guarded: tuple[Page, Traffic], site_dir: Path, base_url: str) -> None:
    """Every page of every language, one after the other as a reader follows links: nothing refused by
    the policy, no console error, no request that fails or that leaves localhost."""
    page, traffic = guarded
    visited: dict[str, int] = {}
    for path in every_page(site_dir):
        if path == "index.html":
            continue  # it sends the reader on at once: its own test below
        page.goto(f"{base_url}/{path}", wait_until="networkidle")
        assert refusals(page, traffic) == [], path
        assert traffic.failed == [], path
        folder = path.split("/")[0]
        visited[folder] = visited.get(folder, 0) + 1
    print(f"pages checked: {visited}")
    assert all(visited.get(folder, 0) >= 8 for folder in LANGUAGES), visited


def test_root_page_sends_the_reader_on_under_the_policy(guarded: tuple[Page, Traffic], base_url: str) -> None:
    page, traffic = guarded
    page.goto(f"{base_url}/index.html")
    page.wait_for_url("**/en/")
    assert refusals(page, traffic) == []


def test_a_missing_page_works_under_the_policy(guarded: tuple[Page, Traffic], site_dir: Path, base_url: str) -> None:
    page, traffic = guarded
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    page.route(
        "**/no/such/page.html", lambda route: route.fulfill(status=404, body=not_found, content_type="text/html")
    )
    page.goto(f"{base_url}/no/such/page.html")
    page.wait_for_load_state("load")
    assert page.locator("a[href]").count() > 0
    # The console's one error is the page's own status, 404.
    assert [line for line in refusals(page, traffic) if "status of 404" not in line] == []


# A query with results, in each language of conf.py.
QUERIES = {"en": "AUTO_REUSE", "zh-cn": "变量共享"}


@pytest.mark.parametrize("folder", LANGUAGES)
def test_search_works_under_the_policy(guarded: tuple[Page, Traffic], base_url: str, folder: str) -> None:
    page, traffic = guarded
    page.goto(f"{base_url}/{folder}/search.html?q={QUERIES[folder]}")
    page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert refusals(page, traffic) == []


def test_switches_and_copy_button_work_under_the_policy(guarded: tuple[Page, Traffic], base_url: str) -> None:
    page, traffic = guarded
    page.goto(f"{base_url}/en/original.html")
    # Colour mode, through the theme's own menu.
    page.locator("button.theme-switch-button").first.click()
    page.locator("button.theme-change-button[data-mode='dark']").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    # The copy button of the first example.
    example = page.locator("div.execdocs-example").first
    example.locator("div.execdocs-source pre").first.hover()
    example.locator("div.execdocs-source button.copybtn").first.click()
    assert "import tensorflow" in page.evaluate("navigator.clipboard.readText()")
    # The language switch.
    page.locator("a.language-switch-link").first.click()
    page.wait_for_url("**/zh-cn/original.html*")
    page.wait_for_load_state("load")
    assert refusals(page, traffic) == []


def test_what_the_site_did_not_write_does_not_run(guarded: tuple[Page, Traffic], base_url: str) -> None:
    """A script, a style or an outside address that reaches a page some other way is refused."""
    page, traffic = guarded
    page.goto(f"{base_url}/en/index.html")
    page.evaluate(
        """() => {
      window.__ran = [];
      const box = document.createElement("div");
      box.innerHTML = '<img src="x" onerror="window.__ran.push(1)">'
        + '<a id="xss-link" href="javascript:window.__ran.push(2)">x</a>'
        + '<style>body { display: none }</style>'
        + '<img src="http://outside.test/pixel.png">';
      document.body.append(box);
      const script = document.createElement("script");
      script.textContent = "window.__ran.push(3)";
      document.body.append(script);
    }"""
    )
    page.locator("#xss-link").click()
    # Each refusal is reported as the browser meets it: the handler when the picture fails, the
    # script element when it is added, the address when the link is followed, the style, the picture.
    until(page, lambda: len(page.evaluate("window.__csp")) >= 5, "the policy did not report five refusals")
    assert page.evaluate("window.__ran") == []
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    refused = " ".join(page.evaluate("window.__csp"))
    assert "script-src-attr" in refused and "script-src-elem" in refused and "style-src-elem" in refused
    assert "img-src http://outside.test/pixel.png" in refused
    assert traffic.blocked == []  # the browser never asked: the policy refused it first
