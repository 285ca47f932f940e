"""A page holds still once drawn: nothing its scripts or styles do after the first paint moves the
text (the layout shift that Lighthouse scores as CLS), on a phone and on a desk, for a first visit
(nothing stored, the system's colour scheme)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ViewportSize

from tests.browser.conftest import LANGUAGES

VIEWPORTS: dict[str, ViewportSize] = {"phone": {"width": 412, "height": 823}, "desk": {"width": 1350, "height": 940}}
# The largest shift a reader would not notice; Lighthouse counts 0.1 as the end of "good".
MOST = 0.01

# Every layout shift since the page began, once the page has loaded and drawn twice more (the
# theme's deferred scripts have run by then), with the elements each one moved.
_SHIFTS = """() => new Promise(done => {
  const shifts = [];
  const observer = new PerformanceObserver(list => shifts.push(...list.getEntries()));
  observer.observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
    shifts.push(...observer.takeRecords());
    observer.disconnect();
    done(shifts.map(shift => ({
      value: shift.value,
      moved: shift.sources.map(source => {
        const node = source.node;
        const text = node ? (node.outerHTML || node.textContent || '') : '(gone)';
        return `${text.slice(0, 80)} from y=${source.previousRect.y} to y=${source.currentRect.y}`;
      }),
    })));
  })));
})"""


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_home_page_holds_still_after_its_first_paint(
    browser: Browser, base_url: str, folder: str, scheme: str, width: str
) -> None:
    phone = width == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[width],
        is_mobile=phone,
        has_touch=phone,
        color_scheme="dark" if scheme == "dark" else "light",
    )
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{folder}/index.html", wait_until="load")
        shifts = page.evaluate(_SHIFTS)
    finally:
        context.close()
    total = sum(shift["value"] for shift in shifts)
    moved = [line for shift in shifts for line in shift["moved"]]
    assert total < MOST, f"{folder}/index.html moved by {total:.3f} after its first paint:\n" + "\n".join(moved)
