"""Finding one's way, as a reader does it: on a phone, a tablet and a desk, in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LANGUAGES, Pages, until

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESK = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "tablet": TABLET, "desk": DESK}
NARROW = ["phone", "tablet"]  # where the site navigation and the contents are behind buttons

# The header's controls, found by their accessible name, as a screen reader user finds them.
CONTROLS = {
    "menu": {"en": r"^Site navigation$", "zh-cn": r"^站点导航$"},
    "search": {"en": r"^Search$", "zh-cn": r"^搜索$"},
    "language": {"en": r"^中文$", "zh-cn": r"^English$"},
    "colour mode": {"en": r"^Colou?r mode$", "zh-cn": r"^颜色模式$"},
    "contents": {"en": r"^Contents$", "zh-cn": r"^本页目录$"},
}
# Below this width the page's contents are not shown beside the text, so a button opens them.
CONTENTS_BUTTON_BELOW = 1200

# Every visible control near the top of the window: its accessible name and its box.
HEADER_CONTROLS = """() => {
  const name = e => (e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent || '')
      .replace(/\\s+/g, ' ').trim();
  return [...document.querySelectorAll('a[href], button, input, [role=button]')]
    .filter(e => !e.closest('dialog:not([open])') && e.getClientRects().length)
    .filter(e => getComputedStyle(e).visibility === 'visible' && getComputedStyle(e).opacity !== '0')
    .map(e => ({name: name(e), box: e.getBoundingClientRect().toJSON(), element: e}))
    .filter(c => c.box.width > 0 && c.box.height > 0 && c.box.top < 100 && c.box.bottom > 0)
    .filter(c => !c.element.closest('article, nav.bd-docs-nav, .bd-toc, .navbar-brand, #pst-skip-link'))
    .map(c => {
      // What the reader would hit when tapping the middle of the control.
      const x = c.box.left + c.box.width / 2, y = c.box.top + c.box.height / 2;
      const hit = document.elementFromPoint(x, y);
      return {name: c.name, box: c.box, covered: !(hit && (hit === c.element || c.element.contains(hit)))};
    });
}"""


@pytest.fixture
def open_page(pages: Pages, base_url: str) -> Callable[..., Page]:
    """Opens a page of the site at a viewport (a narrow one is a touch screen, the phone's a mobile one);
    a second page at the same viewport in one test is the first one, navigated."""
    opened: dict[str, Page] = {}

    def open_(folder: str, viewport: dict, path: str = "original.html") -> Page:
        key = str(viewport)
        if key not in opened:
            small = viewport["width"] < 1000
            opened[key] = pages.get(viewport=viewport, is_mobile=viewport is PHONE, has_touch=small)
        page = opened[key]
        page.set_default_timeout(5000)
        page.goto(f"{base_url}/{folder}/{path}", wait_until="networkidle")
        return page

    return open_


def controls_of(page: Page) -> list[dict]:
    return page.evaluate(HEADER_CONTROLS)


def overlap(a: dict, b: dict) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


def check_header(page: Page, folder: str, width: int) -> list[dict]:
    found = controls_of(page)
    names = [c["name"] for c in found]
    wanted = [kind for kind in CONTROLS if kind != "contents" or width < CONTENTS_BUTTON_BELOW]
    for kind in wanted:
        matching = [n for n in names if re.search(CONTROLS[kind][folder], n)]
        assert len(matching) == 1, f"{kind}: {len(matching)} visible at the top, among {names}"
    assert len(names) == len(set(names)), f"a control shows twice: {names}"
    for i, a in enumerate(found):
        assert not a["covered"], f"{a['name']!r} is covered by something else"
        for b in found[i + 1 :]:
            assert overlap(a["box"], b["box"]) < 1, f"{a['name']!r} overlaps {b['name']!r}"
    middles = [c["box"]["top"] + c["box"]["height"] / 2 for c in found]
    assert max(middles) - min(middles) <= 8, f"not one row: {list(zip(names, middles, strict=True))}"
    return found


@pytest.mark.parametrize("folder", LANGUAGES)
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_one_header_row_without_duplicates_or_overlap(open_page, folder: str, size: str) -> None:
    viewport = VIEWPORTS[size]
    page = open_page(folder, viewport)
    found = check_header(page, folder, viewport["width"])
    # Nothing hangs over the page's title or first paragraph.
    lowest = max(c["box"]["bottom"] for c in found)
    for selector in ("article h1", "article p"):
        top = page.locator(selector).first.bounding_box()["y"]
        assert top >= lowest, f"{selector} starts at {top}, under controls reaching {lowest}"
    # Scrolled down, the header stays, still one row, nothing covered.
    page.mouse.wheel(0, 2500)
    until(page, lambda: page.evaluate("window.scrollY") > 1000, "the page did not scroll past 1000 px")
    check_header(page, folder, viewport["width"])


def nav_link(page: Page):
    """A link of the site navigation: the one to the page "Reuse in depth"."""
    return page.locator("nav.bd-docs-nav a[href$='reuse.html']")


def toc_link(page: Page):
    """A link of this page's contents."""
    return page.locator(".bd-toc nav a.nav-link[href^='#']").nth(1)


def in_viewport(page: Page, locator) -> bool:
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    size = page.viewport_size
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] < size["height"]


def button(page: Page, folder: str, kind: str):
    return page.get_by_role("button", name=re.compile(CONTROLS[kind][folder]))


@pytest.mark.parametrize("folder", LANGUAGES)
@pytest.mark.parametrize("kind", ["menu", "contents"])
@pytest.mark.parametrize("size", NARROW)
def test_menu_and_contents_open_and_close(open_page, folder: str, kind: str, size: str) -> None:
    page = open_page(folder, VIEWPORTS[size])
    link = nav_link(page) if kind == "menu" else toc_link(page)
    opener = button(page, folder, kind)
    assert not in_viewport(page, link), "shown before the button is pressed"

    def tap_outside() -> None:
        panel = page.locator("dialog[open]").bounding_box()
        width = VIEWPORTS[size]["width"]
        x = width - 8 if panel["x"] + panel["width"] < width - 16 else 8
        page.touchscreen.tap(x, VIEWPORTS[size]["height"] // 2)

    closers = {
        "Escape": lambda: page.keyboard.press("Escape"),
        "a tap outside": tap_outside,
        "its close button": lambda: page.get_by_role("button", name=re.compile(r"^(Close|关闭)")).last.tap(),
    }
    for how, close in closers.items():
        opener.tap()
        until(page, lambda: in_viewport(page, link), f"{kind} button: the link is not on screen")
        close()
        until(page, lambda: not in_viewport(page, link), f"{kind} still open after {how}")
    # The reader's way through the contents: tap a heading, land on it, the panel gone.
    opener.tap()
    until(page, lambda: in_viewport(page, link), f"{kind} button: the link is not on screen")
    target = link.get_attribute("href")
    link.tap()
    until(page, lambda: not in_viewport(page, link), "the panel stays open over the page after following a link")
    if kind == "contents":
        heading = page.locator(f"section[id='{target[1:]}'] > :is(h2, h3)").first

        def on_screen() -> bool:
            box = heading.bounding_box()
            return box is not None and 0 <= box["y"] < VIEWPORTS[size]["height"] / 2

        until(page, on_screen, f"{target} is not on screen: {heading.bounding_box()}")
    else:
        page.wait_for_url("**/reuse.html")


@pytest.mark.parametrize("folder", LANGUAGES)
def test_desk_shows_navigation_and_contents_and_menu_hides_it(open_page, folder: str) -> None:
    page = open_page(folder, DESK)
    assert in_viewport(page, nav_link(page)) and in_viewport(page, toc_link(page))
    button(page, folder, "menu").click()
    until(page, lambda: not in_viewport(page, nav_link(page)), "the menu button leaves the navigation shown")
    button(page, folder, "menu").click()
    until(page, lambda: in_viewport(page, nav_link(page)), "the menu button does not bring the navigation back")


FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const name = (e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent || '')
      .replace(/\\s+/g, ' ').trim();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const ring = outline || (s.boxShadow !== 'none' && /\\d+px/.test(s.boxShadow));
  return {name, ring, lang: e.closest('[lang]').getAttribute('lang')};
}"""


@pytest.mark.parametrize("folder", LANGUAGES)
@pytest.mark.parametrize("size", ["phone", "desk"])
def test_keyboard_reaches_every_header_control_with_a_visible_ring(open_page, folder: str, size: str) -> None:
    viewport = VIEWPORTS[size]
    page = open_page(folder, viewport)
    wanted = {kind for kind in CONTROLS if kind != "contents" or viewport["width"] < CONTENTS_BUTTON_BELOW}
    reached: dict[str, dict] = {}
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        for kind in wanted:
            if re.search(CONTROLS[kind][folder], focused["name"]):
                reached[kind] = focused
    assert set(reached) == wanted, f"not reached by Tab: {wanted - set(reached)}"
    assert [k for k, f in reached.items() if not f["ring"]] == [], "no visible focus ring"


@pytest.mark.parametrize("folder", LANGUAGES)
def test_chinese_controls_are_named_in_chinese(open_page, folder: str) -> None:
    """Every control of the theme says what it does in the page's language (for screen readers too)."""
    page = open_page(folder, PHONE)
    names = page.eval_on_selector_all(
        "button, a.btn, input",
        """es => es.filter(e => !e.closest('article'))
            .map(e => [e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent.trim(),
                       e.closest('[lang]').getAttribute('lang')])""",
    )
    if folder == "zh-cn":
        english = [n for n, lang in names if lang == "zh-CN" and re.search(r"[A-Za-z]{3,}", n or "")]
        assert english == [], f"English names on the Chinese site: {english}"
    assert [n for n, _ in names if not (n or "").strip()] == [], "a control without a name"


def test_copy_button_shows_without_hover_on_a_touch_screen(open_page) -> None:
    page = open_page("en", PHONE)
    copy = page.locator("div.execdocs-source button.copybtn").first
    copy.scroll_into_view_if_needed()
    assert float(copy.evaluate("e => getComputedStyle(e).opacity")) >= 0.9
    assert in_viewport(page, copy)


@pytest.mark.parametrize("folder", LANGUAGES)
def test_links_look_alike_and_code_links_stay_code(open_page, folder: str) -> None:
    page = open_page(folder, DESK, "corrections.html")
    style = "(e, p) => getComputedStyle(e)[p]"
    in_table = page.locator("article table a.reference").first
    in_prose = page.locator("article p > a.reference").first
    assert in_table.evaluate(style, "color") == in_prose.evaluate(style, "color"), "table links in another colour"
    # The landing page links to sections by their code (the corrections page uses written words).
    page = open_page(folder, DESK, "index.html")
    code = page.locator("article a.reference > code.literal").first
    assert "mono" in code.evaluate(style, "fontFamily").lower()
    assert code.evaluate(style, "backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    link = code.locator("xpath=..")
    offset = float(link.evaluate(style, "textUnderlineOffset").removesuffix("px"))
    size = float(code.evaluate(style, "fontSize").removesuffix("px"))
    assert offset >= 0.25 * size, "the underline runs through the underscores"


@pytest.mark.parametrize("folder", LANGUAGES)
def test_print_keeps_the_text_and_leaves_out_the_controls(open_page, folder: str) -> None:
    page = open_page(folder, DESK)
    page.emulate_media(media="print")
    assert any(h.is_visible() for h in page.locator("h1").all()) and page.locator("article p").first.is_visible()
    for selector in (".prev-next-area", ".bd-header-article", ".bd-sidebar-primary"):
        shown = [e for e in page.locator(selector).all() if e.is_visible()]
        assert shown == [], f"{selector} is printed"
