"""On a phone, the text of the pages made mostly of code reads at 12px or more: the code folded
under an example too, which a reader opens and which Lighthouse's font-size audit counts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import LANGUAGES

SMALLEST = 12  # px: below it Lighthouse calls text illegible on a phone
# The share of the page's characters that may be smaller (a footnote, a label of a picture).
SMALL_SHARE = 0.05

# Each character of the page's text, open or folded, by the font size it is drawn at; the
# selectors of the smallest elements, to name them when too much is small.
_SIZES = """smallest => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let all = 0, small = 0;
  const where = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const length = node.textContent.trim().length;
    if (!length || parent.closest('script, style, noscript, template')) continue;
    const size = parseFloat(getComputedStyle(parent).fontSize);
    all += length;
    if (size < smallest) {
      small += length;
      const name = `${parent.tagName.toLowerCase()}.${[...parent.classList].join('.')} ${size}px`;
      where[name] = (where[name] || 0) + length;
    }
  }
  return {all, small, where};
}"""


@pytest.mark.parametrize("name", ["index.html", "cheatsheet.html"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_text_reads_on_a_phone(browser: Browser, base_url: str, folder: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{folder}/{name}")
        found = page.evaluate(_SIZES, SMALLEST)
    finally:
        context.close()
    share = found["small"] / found["all"]
    worst = sorted(found["where"].items(), key=lambda item: -item[1])[:5]
    assert share <= SMALL_SHARE, f"{folder}/{name}: {share:.0%} of the text is under {SMALLEST}px: {worst}"
