"""Arriving, searching and switching language, as a reader does it; and what each page weighs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import HREFLANGS, LANGUAGES, pages_of, quoting_results, until, watch

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("preferences", "folder"),
    [
        (["en-US", "en", "zh-CN"], "en"),
        (["ja", "zh-TW", "en"], "zh-cn"),
        (["zh-TW"], "zh-cn"),
        (["fr-FR", "de"], "en"),
        (["de", "en-GB", "zh-CN"], "en"),
    ],
)
def test_root_page_takes_the_first_language_the_site_has(browser: Browser, base_url: str, preferences, folder) -> None:
    context = browser.new_context(locale=preferences[0])
    page = context.new_page()
    page.add_init_script(f"Object.defineProperty(navigator, 'languages', {{get: () => {json.dumps(preferences)}}})")
    page.goto(f"{base_url}/index.html")
    page.wait_for_url(f"**/{folder}/")
    context.close()


def test_root_page_remembers_a_switch_against_the_browser_language(browser: Browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base_url}/index.html")
    page.wait_for_url("**/zh-cn/")
    page.locator("a.language-switch-link").first.click()
    page.wait_for_url("**/en/index.html")
    page.goto(f"{base_url}/index.html")
    page.wait_for_url("**/en/")
    context.close()


def test_switching_language_keeps_the_place_without_an_anchor(page: Page, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{base_url}/en/original.html")
    heading = page.locator("section[id] > h2").nth(3)
    section = heading.evaluate("h => h.parentElement.id")
    heading.evaluate("h => h.scrollIntoView({block: 'start'})")
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 300)  # reading the section, its heading scrolled away
    until(page, lambda: page.evaluate("window.scrollY") >= before + 299, "the page did not scroll down")
    # Clicked where it is on screen (Playwright's own click would first scroll it "into view").
    box = page.locator("a.language-switch-link").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/zh-cn/original.html#{section}")
    # The reader lands inside that section (on the paragraph they were at: test_search_as_you_type.py).
    landed = page.locator(f"section[id='{section}']")

    def on_screen() -> bool:
        box = landed.bounding_box()
        return box is not None and box["y"] < PHONE["height"] and box["y"] + box["height"] > 0

    until(page, on_screen, f"the section the reader was in is off screen: {landed.bounding_box()}")


def open_search(page: Page, base_url: str, folder: str) -> None:
    page.goto(f"{base_url}/{folder}/original.html")
    page.get_by_role("button", name=re.compile("^(Search|搜索)$")).click()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_search_box_speaks_the_page_language(page: Page, base_url: str, folder: str) -> None:
    open_search(page, base_url, folder)
    box = page.locator("#pst-search-dialog input[name=q]")
    assert box.is_visible()
    placeholder = box.get_attribute("placeholder")
    if folder == "zh-cn":
        assert re.search(r"[\u4e00-\u9fff]", placeholder), placeholder
        assert not re.search(r"[A-Za-z]", placeholder), placeholder
    box.fill("AUTO_REUSE")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=AUTO_REUSE")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    # The results page has a box of its own, with the query in it, in the same words: refine there.
    again = page.locator(".bd-search-container input[name=q]")
    assert again.input_value() == "AUTO_REUSE"
    assert again.get_attribute("placeholder") == placeholder
    assert again.get_attribute("aria-label") == placeholder
    again.fill("reuse")
    again.press("Enter")
    page.wait_for_url("**/search.html?q=reuse")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)


CHROME_WORDS = ["System Settings", "Color mode", "Back to top", "跟随系统", "亮色", "暗色", "颜色模式", "站点导航"]


@pytest.mark.parametrize(("folder", "query"), [("en", "variable"), ("zh-cn", "变量"), ("en", "get_variable")])
def test_search_snippets_quote_the_page_prose(page: Page, base_url: str, folder: str, query: str) -> None:
    traffic = watch(page)
    page.goto(f"{base_url}/{folder}/search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    results = quoting_results(page, at_least=3)
    texts: dict[str, str] = {}
    for href, snippet in results:
        url = href.split("#")[0]
        if url not in texts:
            texts[url] = page.evaluate(
                """url => fetch(url).then(r => r.text()).then(html => {
                     const doc = new DOMParser().parseFromString(html, 'text/html');
                     doc.querySelectorAll('.headerlink, script, style').forEach(e => e.remove());
                     return doc.querySelector('article').textContent;
                   })""",
                url,
            )
        flat = " ".join(snippet.split())
        assert not [w for w in CHROME_WORDS if w in flat], f"theme words in the snippet: {flat}"
        quoted = flat.removeprefix("...").removesuffix("...").strip()
        assert quoted[:60] in " ".join(texts[url].split()), f"not the prose of {url}: {flat}"
    assert traffic.errors == []


def test_switching_language_on_the_results_keeps_the_query(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/search.html?q=AUTO_REUSE")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    page.locator("a.language-switch-link").first.click()
    page.wait_for_url("**/zh-cn/search.html?q=AUTO_REUSE")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert page.locator("#search-results ul.search li").count() >= 1


def ranked(page: Page, base_url: str, folder: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{base_url}/{folder}/search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    return page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => [a.getAttribute('href'), a.textContent.trim()])"
    )


@pytest.mark.parametrize(
    ("folder", "query", "first"),
    [
        ("en", "cheat sheet", "cheatsheet.html"),  # the page's own title
        ("zh-cn", "速查表", "cheatsheet.html"),
        ("en", "get_variable", "reuse.html"),  # two sections named after it: "tf.get_variable ignores ..."
    ],
)
def test_a_title_about_the_query_ranks_first(page: Page, base_url: str, folder: str, query: str, first: str) -> None:
    found = ranked(page, base_url, folder, query)
    assert found, f"nothing found for {query!r}"
    assert found[0][0].split("#")[0] == first, f"{query!r}: first is {found[0]}, then {found[1:4]}"


def test_get_variable_finds_its_pages_before_the_corrections(page: Page, base_url: str) -> None:
    pages = [href.split("#")[0] for href, _ in ranked(page, base_url, "en", "get_variable")]
    # The page about it comes first; the corrections, which also discuss it, come after it.
    assert pages[0] == "reuse.html" and pages.index("corrections.html") > pages.index("reuse.html"), pages


@pytest.mark.first_visit
def test_first_visit_to_the_root_requests_nothing_missing(page: Page, base_url: str) -> None:
    missing = []
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base_url}/index.html")
    page.wait_for_url(re.compile(rf"/({'|'.join(map(re.escape, LANGUAGES))})/$"))
    page.wait_for_load_state("networkidle")
    assert missing == []


@pytest.mark.first_visit
@pytest.mark.parametrize("folder", LANGUAGES)
def test_first_visit_requests_nothing_missing(page: Page, base_url: str, folder: str) -> None:
    missing = []
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base_url}/{folder}/index.html", wait_until="networkidle")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{base_url}/{folder}/{icon}").status == 200
    assert missing == []


@pytest.mark.parametrize("folder", LANGUAGES)
def test_page_head_names_the_page_once(page: Page, site_dir: Path, base_url: str, folder: str) -> None:
    for path in pages_of(site_dir, folder):
        page.goto(f"{base_url}/{path}")
        assert page.locator("meta[name=viewport]").count() == 1, path
        title = page.title()
        parts = [part.strip() for part in title.split("—")]
        assert len(parts) == len(set(parts)), f"{path}: the tab title repeats itself: {title}"
        if path.endswith(("search.html", "genindex.html")):
            continue
        # What a search engine or a link preview shows: the page's own words, in its language.
        description = page.locator("meta[name=description]").get_attribute("content")
        article = "".join(page.locator("article").inner_text().split())
        longest = max(re.split(r"[\s:：,，.。()（）\[\]\d]+", description or ""), key=len)
        assert len(longest) >= 8 and longest in article, f"{path}: {description}"
        if folder == "zh-cn":
            assert re.search(r"[\u4e00-\u9fff]", description), path
        assert (
            page.locator("meta[property='og:title']").get_attribute("content")
            == page.locator("article h1").inner_text()
        )
        address = page.locator("meta[property='og:url']").get_attribute("content")
        assert address.startswith("https://") and address.endswith(f"/{path}"), address
        locale = page.locator("meta[property='og:locale']").get_attribute("content")
        assert locale == HREFLANGS[folder].replace("-", "_")


def test_a_missing_page_offers_the_way_back_in_every_language(page: Page, site_dir: Path, base_url: str) -> None:
    """A static host answers an unknown address with the site's 404.html, whatever the depth."""
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    page.route(
        "**/en/get-variable-guide.html",
        lambda route: route.fulfill(status=404, body=not_found, content_type="text/html"),
    )
    page.goto(f"{base_url}/en/get-variable-guide.html")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_role("heading", name="找不到页面").is_visible()
    page.get_by_role("link", name="搜索本站").click()
    page.wait_for_url("**/zh-cn/search.html?q=get%20variable%20guide")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    page.go_back()
    page.get_by_role("link", name=re.compile("explained by running it")).click()
    page.wait_for_url("**/en/index.html")


def test_sitemap_lists_every_page_with_its_translations(site_dir: Path) -> None:
    """What a search engine reads: each page once per language, naming the others (hreflang)."""
    from xml.etree import ElementTree

    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(site_dir / "sitemap.xml").getroot().findall("s:url", space)
    locs = [url.find("s:loc", space).text for url in urls]
    base = locs[0].split("/en/")[0] + "/"
    listed = sorted(loc.removeprefix(base) for loc in locs)
    expected = sorted(
        p for f in LANGUAGES for p in pages_of(site_dir, f) if not p.endswith(("search.html", "genindex.html"))
    )
    assert listed == expected
    for url, loc in zip(urls, locs, strict=True):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", space)}
        page = loc.removeprefix(base).split("/", 1)[1]
        assert alternates == {HREFLANGS[folder]: f"{base}{folder}/{page}" for folder in LANGUAGES}
    assert f"Sitemap: {base}sitemap.xml" in (site_dir / "robots.txt").read_text()


# A first visit's budget, as the plain test server sends it (uncompressed); the benchmark
# (`nox -s bench`) measures the weight and first paint on a slow connection.
PAGE_BUDGET_BYTES = 900_000


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_first_visit_stays_within_its_weight_budget(browser: Browser, base_url: str, folder: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on(
        "Network.loadingFinished", lambda e: received.__setitem__(urls.get(e["requestId"], "?"), e["encodedDataLength"])
    )
    page.goto(f"{base_url}/{folder}/original.html", wait_until="networkidle")
    total = sum(received.values())
    heaviest = sorted(received.items(), key=lambda item: -item[1])[:3]
    assert total <= PAGE_BUDGET_BYTES, f"{total} bytes; heaviest: {heaviest}"
    assert [url for url in received if url.endswith((".woff", ".woff2", ".ttf"))] == [], "an icon font is loaded"
    context.close()
