"""The theme's stylesheets are shipped trimmed to the rules the site uses (docs/_ext/slim.py). A
reader must not see a difference: every element of a page, in the states a reader puts it in
(dark mode, the colour menu open, the navigation opened on a phone, search results listed), is
drawn the same with the shipped stylesheets as with the theme's own, untrimmed ones."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pydata_sphinx_theme
import pytest
import sphinx_book_theme
from playwright.sync_api import Browser, Page
from pydata_sphinx_theme.pygments import get_pygments_stylesheet

from tests.browser.conftest import until

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

_PYDATA = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/styles"
_BOOK = Path(sphinx_book_theme.__file__).parent / "theme/sphinx_book_theme/static/styles"
# The theme's stylesheets as the theme ships them, by the name the pages link them under.
ORIGINALS = {
    "pydata-sphinx-theme.css": lambda: (_PYDATA / "pydata-sphinx-theme.css").read_text(encoding="utf-8"),
    "sphinx-book-theme.css": lambda: (_BOOK / "sphinx-book-theme.css").read_text(encoding="utf-8"),
    # The theme writes pygments.css at the end of the build from its two default styles.
    "pygments.css": lambda: get_pygments_stylesheet("a11y-high-contrast-light", "a11y-high-contrast-dark"),
}

# What a reader sees of an element: its box, and the computed values that draw it.
PROPERTIES = [
    "display", "visibility", "position", "float", "z-index", "opacity", "transform", "overflow-x", "overflow-y",
    "color", "background-color", "background-image", "box-shadow", "outline-style", "outline-color",
    "font-family", "font-size", "font-weight", "font-style", "line-height", "letter-spacing", "text-align",
    "text-decoration-line", "text-transform", "white-space", "vertical-align", "list-style-type", "cursor",
    "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
    "border-top-style", "border-top-color", "border-left-color", "border-top-left-radius",
    "flex-direction", "justify-content", "align-items", "gap", "grid-template-columns",
]  # fmt: skip

LOOKS = """async (properties) => {
  // Transitions (a dropdown fading in, a panel sliding) finish before anything is read.
  await Promise.all(document.getAnimations()
    .filter(a => isFinite(a.effect.getComputedTiming().endTime))
    .map(a => a.finished.catch(() => null)));
  const path = e => {
    const parts = [];
    for (; e && e !== document.body; e = e.parentElement) {
      const index = [...e.parentElement.children].indexOf(e);
      parts.unshift(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${
        typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''
      }:${index}`);
    }
    return parts.join(' > ');
  };
  const pseudo = (e, which) => {
    const s = getComputedStyle(e, which);
    return `${which} content=${s.content} display=${s.display} color=${s.color}`;
  };
  // Where an inline element's content is drawn. Its own rectangle is not that: Chromium gives a
  // plain inline (no border, padding or background) no box of its own and reports the union of
  // its children, but once any style has given it a box, for however short a time, it keeps the
  // box and reports its own line height: the same page reads 20px or 15px tall by its history.
  const contentBox = e => {
    if (getComputedStyle(e).display !== 'inline') return e.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(e);
    return range.getBoundingClientRect();
  };
  // As one JSON text: Playwright hands a result of 100,000 strings over three times slower.
  return JSON.stringify([...document.querySelectorAll('body *')].map(e => {
    const s = getComputedStyle(e);
    const box = contentBox(e);
    const drawn = properties.map(p => `${p}=${s.getPropertyValue(p)}`);
    const rect = [box.x, box.y, box.width, box.height].map(v => Math.round(v)).join(',');
    return [path(e), [`box=${rect}`, ...drawn, pseudo(e, '::before'), pseudo(e, '::after')]];
  }));
}"""


def _serve(css: str, replaced: list[str]) -> Callable:
    def serve(route) -> None:
        replaced.append(route.request.url)
        route.fulfill(body=css, content_type="text/css")

    return serve


def looks(browser: Browser, url: str, viewport: dict, act: Callable[[Page], None], original: bool) -> list:
    """How every element looks after ``act``, with the shipped or with the theme's own stylesheets."""
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    replaced: list[str] = []
    if original:
        for name, read in ORIGINALS.items():
            page.route(re.compile(rf"/_static/(styles/)?{re.escape(name)}(\?.*)?$"), _serve(read(), replaced))
    page.goto(url, wait_until="networkidle")
    act(page)
    result = json.loads(page.evaluate(LOOKS, PROPERTIES))
    context.close()
    if original:
        assert len(replaced) == len(ORIGINALS), f"the page did not link every theme stylesheet: {replaced}"
    return result


def differences(shipped: list, original: list) -> list[str]:
    assert [path for path, _ in shipped] == [path for path, _ in original], "the two pages hold different elements"
    found = []
    for (path, ours), (_, theirs) in zip(shipped, original, strict=True):
        changed = [f"{a}  (theme: {b})" for a, b in zip(ours, theirs, strict=True) if a != b]
        if changed:
            found.append(f"{' > '.join(path.split(' > ')[-3:])}: {'; '.join(changed[:4])}")
    return found


def colour_mode(mode: str) -> Callable[[Page], None]:
    """Open the colour menu, as a reader does, and pick ``mode`` (or leave the menu open)."""

    def act(page: Page) -> None:
        page.locator(".bd-header-article .theme-switch-button").click()
        page.locator(".dropdown-menu.show").wait_for()
        if mode != "menu open":
            page.locator(f".dropdown-menu.show .theme-change-button[data-mode='{mode}']").click()
            until(
                page,
                lambda: page.evaluate("document.documentElement.dataset.theme") == mode,
                f"the theme is not {mode}",
            )

    return act


def open_navigation(page: Page) -> None:
    page.locator(".bd-header-article .primary-toggle").click()
    page.locator("dialog#pst-primary-sidebar-modal[open] nav.bd-docs-nav").wait_for()


def open_contents(page: Page) -> None:
    page.locator(".bd-header-article .secondary-toggle").click()
    page.locator("dialog#pst-secondary-sidebar-modal[open]").wait_for()


def search_results(page: Page) -> None:
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)


def nothing(page: Page) -> None:
    pass


CASES = {
    "desk, light": ("en/reuse.html", DESK, nothing),
    "desk, Chinese, tables": ("zh-cn/verified.html", DESK, nothing),
    "desk, colour menu open": ("en/original.html", DESK, colour_mode("menu open")),
    "desk, dark mode chosen": ("en/reuse.html", DESK, colour_mode("dark")),
    "desk, search results": ("en/search.html?q=reuse", DESK, search_results),
    "phone, navigation open": ("zh-cn/index.html", PHONE, open_navigation),
    "phone, contents open, dark": ("en/cheatsheet.html", PHONE, lambda p: (colour_mode("dark")(p), open_contents(p))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_trimmed_stylesheets_draw_every_element_as_the_theme_does(browser: Browser, base_url: str, case: str) -> None:
    path, viewport, act = CASES[case]
    shipped = looks(browser, f"{base_url}/{path}", viewport, act, original=False)
    original = looks(browser, f"{base_url}/{path}", viewport, act, original=True)
    assert len(shipped) > 100
    found = differences(shipped, original)
    assert not found, f"{len(found)} elements drawn differently, first ones:\n" + "\n".join(found[:15])


def test_an_inline_element_reads_the_same_whatever_styles_it_had_before(browser: Browser, base_url: str) -> None:
    """The comparison reads what is drawn now, not what an element went through to get there: a
    background given to every inline element for one layout, then taken away, changes no reading."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/en/cheatsheet.html", wait_until="networkidle")
    before = json.loads(page.evaluate(LOOKS, PROPERTIES))
    touched = page.evaluate("""() => {
      const inline = [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).display === 'inline');
      inline.forEach(e => { e.style.backgroundColor = 'rgb(1, 2, 3)'; });
      document.body.getBoundingClientRect();
      inline.forEach(e => { e.style.backgroundColor = ''; });
      return inline.length;
    }""")
    after = json.loads(page.evaluate(LOOKS, PROPERTIES))
    context.close()
    assert touched > 100
    found = differences(after, before)
    assert not found, f"{len(found)} elements read differently, first ones:\n" + "\n".join(found[:15])
