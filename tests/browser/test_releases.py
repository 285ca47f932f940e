"""Other TensorFlow releases in a real browser: the Verified table on a phone, the 2017 listings."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LANGUAGES, until

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": {"differs": "differs", "raises": "raises AttributeError", "match": "This is what the article printed."},
    "zh-cn": {"differs": "不同", "raises": "抛出 AttributeError", "match": "这正是原文印出的结果。"},
}


def in_view(page: Page, selector: str) -> bool:
    """Whether the element is inside the visible part of the window, across and down."""
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                 return r.left >= -1 && r.right <= innerWidth + 1 && r.top >= 0 && r.top < innerHeight; }""",
        selector,
    )


@pytest.mark.parametrize("folder", LANGUAGES)
def test_phone_reader_scrolls_the_table_taps_a_difference_and_an_example(
    browser: Browser, base_url: str, folder: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/{folder}/verified.html")
    table = page.locator("table.execdocs-compat-table")
    table.scroll_into_view_if_needed()
    noted = table.locator("tbody tr.execdocs-compat-noted").first
    noted.scroll_into_view_if_needed()
    name_cell = noted.locator("td").first
    name_cell.evaluate("e => e.setAttribute('data-probe', 'name')")
    last_header = table.locator("thead th").last
    last_header.evaluate("e => e.setAttribute('data-probe', 'last')")
    # The releases do not fit a phone: the reader swipes the table to its last column...
    assert not in_view(page, "[data-probe=last]")
    table.evaluate(
        "t => { const box = t.closest('.pst-scrollable-table-container') || t.parentElement;"
        " box.scrollLeft = box.scrollWidth; }"
    )
    until(page, lambda: in_view(page, "[data-probe=last]"), "the last column is not on screen after the swipe")
    # ...and still reads which example the row is about.
    assert in_view(page, "[data-probe=name]")
    # A highlighted row stands out from a row where every release agrees.
    plain = table.locator("tbody tr:not(.execdocs-compat-noted)").first
    colour = "e => getComputedStyle(e).backgroundColor"
    assert noted.locator("td").nth(1).evaluate(colour) != plain.locator("td").nth(1).evaluate(colour)

    link = noted.locator("a.execdocs-status-differs, a.execdocs-status-fails").first
    assert link.inner_text() in (WORDS[folder]["differs"], "fails", "失败")
    target = link.get_attribute("href")
    link.tap()
    page.wait_for_url(lambda url: url.endswith(target))
    detail = page.locator(target.replace(".", "\\."))
    assert detail.locator("pre").inner_text().strip()
    detail_box = detail.bounding_box()
    assert detail_box is not None and 0 <= detail_box["y"] < PHONE["height"]

    page.goto(f"{base_url}/{folder}/verified.html")
    row = page.locator("table.execdocs-compat-table tbody tr", has_text="04_seven_cases").first
    row.locator("td a").first.tap()
    page.wait_for_url("**/original.html")
    # The page it lands on shows that example: its provenance line offers the script to download.
    assert page.locator('p.execdocs-meta a.execdocs-download-py[href$="/04_seven_cases.py"]').count() > 0
    context.close()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_original_page_shows_the_listings_of_2017_and_what_each_release_printed(page: Page, base_url: str, folder: str):
    page.goto(f"{base_url}/{folder}/original.html")
    listings = page.locator("div.execdocs-listing-runs")
    assert listings.count() == 5
    typo = listings.nth(3)
    assert "with tf.variab_scope('var_scope2'):" in typo.locator("pre").first.inner_text()
    assert "import tensorflow as tf\n" in typo.locator("pre").first.inner_text()
    diff = typo.locator("pre").nth(1).inner_text()
    assert "-with tf.variab_scope('var_scope2'):" in diff and "+with tf.variable_scope('var_scope2'):" in diff
    # The listing with only the typo fixed does not claim to be the article's.
    captions = [listings.nth(i).locator("p.execdocs-output-label").first.inner_text() for i in (3, 4)]
    assert captions[0] != captions[1]
    listing_1 = listings.nth(0)
    outputs = listing_1.locator("div.execdocs-output")
    texts = [outputs.nth(i).locator("pre").inner_text() for i in range(outputs.count())]
    assert any("[ 1.]" in text for text in texts)  # NumPy 1.13
    matching = listing_1.locator("div.execdocs-output", has_text=WORDS[folder]["match"])
    assert "[ 1.]" not in matching.locator("pre").inner_text()
    assert "[1.]" in matching.locator("pre").inner_text()
    dating = page.locator("table.execdocs-article-runs")
    first_row = dating.locator("tbody tr").first
    assert first_row.locator("td").first.inner_text() == "1.2.1"
    assert first_row.locator("td").last.inner_text() == WORDS[folder]["raises"]  # no tf.AUTO_REUSE yet
