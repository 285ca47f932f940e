"""Searching as a reader does: results while typing, the section about the query first, a quote of
its prose, the other language's site when this one has nothing; and a language switch that keeps
the paragraph being read."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import quoting_results, until, watch

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


def type_in_search_box(page: Page, base_url: str, folder: str, query: str) -> None:
    page.goto(f"{base_url}/{folder}/original.html")
    page.get_by_role("button", name=re.compile("^(Search|搜索)$")).click()
    page.locator("#pst-search-dialog input[name=q]").press_sequentially(query, delay=30)


def hits_in_dialog(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#pst-search-dialog #search-results ul.search li > a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize(("folder", "query"), [("en", "AUTO_REUSE"), ("zh-cn", "复用")])
def test_results_appear_while_typing(page: Page, base_url: str, folder: str, query: str) -> None:
    traffic = watch(page)
    type_in_search_box(page, base_url, folder, query)
    until(page, lambda: len(hits_in_dialog(page)) > 0, f"no result under the box for {query!r}", timeout_ms=15_000)
    # Nothing was submitted: the reader is still on the page, the results are under the box.
    assert page.url == f"{base_url}/{folder}/original.html"
    assert page.locator("#pst-search-dialog").evaluate("dialog => dialog.open")
    first = page.locator("#pst-search-dialog #search-results ul.search li > a").first
    first.click()
    page.wait_for_url(f"**/{folder}/reuse.html#reuse-modes")
    assert traffic.errors == []


def ranked(page: Page, base_url: str, folder: str, query: str) -> list[str]:
    page.goto(f"{base_url}/{folder}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    until(page, lambda: page.locator("#search-results ul.search li").count() > 0, f"nothing found for {query!r}")
    links = "links => links.map(a => a.getAttribute('href'))"
    return page.eval_on_selector_all("#search-results ul.search li > a", links)


@pytest.mark.parametrize(
    ("folder", "query", "first"),
    [
        ("en", "AUTO_REUSE", "reuse.html#reuse-modes"),
        ("en", "reuse", "reuse.html#reuse-modes"),
        ("en", "name_scope", "reuse.html#reuse-name-scope"),
        ("zh-cn", "AUTO_REUSE", "reuse.html#reuse-modes"),
        ("zh-cn", "复用", "reuse.html#reuse-modes"),
        ("zh-cn", "名称作用域", "reuse.html#reuse-where"),  # 当前的变量作用域与名称作用域
    ],
)
def test_first_hit_is_the_section_about_the_query(
    page: Page, base_url: str, folder: str, query: str, first: str
) -> None:
    found = ranked(page, base_url, folder, query)
    assert found[0] == first, f"{query!r}: first is {found[0]}, then {found[1:4]}"
    # The hit opens the page at that section.
    page.locator("#search-results ul.search li > a").first.click()
    page.wait_for_url(f"**/{folder}/{first}")
    heading = page.locator(f"section[id='{first.split('#')[1]}'] > :is(h2, h3)")

    def on_screen() -> bool:
        box = heading.bounding_box()
        return box is not None and 0 <= box["y"] < page.viewport_size["height"]

    until(page, on_screen, f"the section of {first} is not on screen")


PROSE_OF_SECTION = """([url, anchor]) => fetch(url).then(r => r.text()).then(html => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('.headerlink').forEach(e => e.remove());
  const article = doc.querySelector('article');
  const scope = anchor ? doc.getElementById(anchor) : article;
  return [...scope.querySelectorAll('p, li')]
    .filter(b => !b.closest('table, pre, .execdocs-example'))
    .map(b => b.textContent.replace(/\\s+/g, ' ').trim());
})"""


@pytest.mark.parametrize(("folder", "query"), [("en", "AUTO_REUSE"), ("en", "variable"), ("zh-cn", "复用")])
def test_each_hit_quotes_a_paragraph_of_its_section(page: Page, base_url: str, folder: str, query: str) -> None:
    ranked(page, base_url, folder, query)
    results = quoting_results(page, at_least=4)
    for href, snippet in results:
        url, _, anchor = href.partition("#")
        blocks = page.evaluate(PROSE_OF_SECTION, [url, unquote(anchor)])
        quoted = " ".join(snippet.split()).removeprefix("...").removesuffix("...").strip()
        # One paragraph or list item of the section holds all of it: no table cells, no code, no
        # text from two places run together.
        assert any(quoted in block for block in blocks), f"{href}: not one paragraph of it: {quoted!r}"
    sections = [href for href, _ in results if "#" in href]
    assert len(sections) >= len(results) / 2, f"most hits should be sections: {[href for href, _ in results]}"


def test_a_query_in_the_other_language_points_to_its_site(page: Page, base_url: str) -> None:
    type_in_search_box(page, base_url, "en", "复用")
    offer = page.locator("#pst-search-dialog #search-results .site-search-elsewhere")
    until(page, lambda: offer.count() == 1 and offer.is_visible(), "no pointer to the Chinese site", timeout_ms=15_000)
    assert hits_in_dialog(page) == []
    offer.get_by_role("link", name="中文").click()
    page.wait_for_url(f"**/zh-cn/search.html?q={quote('复用')}")
    assert page.locator(".bd-search-container input[name=q]").input_value() == "复用"
    until(page, lambda: page.locator("#search-results ul.search li").count() > 0, "nothing found on the Chinese site")


@pytest.mark.parametrize("screen", [DESK, PHONE], ids=["desk", "phone"])
def test_switching_language_keeps_the_paragraph(page: Page, base_url: str, screen: dict[str, int]) -> None:
    page.set_viewport_size(screen)
    page.goto(f"{base_url}/en/reuse.html")
    paragraphs = page.locator("section#reuse-modes > p")
    # A paragraph well down its section: its heading is more than a screen above it.
    tops = paragraphs.evaluate_all(
        "ps => ps.map(p => p.getBoundingClientRect().top - p.parentElement.getBoundingClientRect().top)"
    )
    index = next(i for i, top in enumerate(tops) if top > 1.5 * screen["height"])
    paragraphs.nth(index).evaluate("p => p.scrollIntoView({block: 'center'})")
    until(page, lambda: paragraphs.nth(index).bounding_box()["y"] < screen["height"] / 2, "the page did not scroll")
    box = page.locator("a.language-switch-link").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/zh-cn/reuse\.html"))
    counterpart = page.locator("section#reuse-modes > p").nth(index)

    def on_screen() -> bool:
        where = counterpart.bounding_box()
        return where is not None and where["y"] < screen["height"] and where["y"] + where["height"] > 0

    until(page, on_screen, f"paragraph {index} of the section is off screen: {counterpart.bounding_box()}")
    assert page.url.endswith("/zh-cn/reuse.html#reuse-modes"), page.url
