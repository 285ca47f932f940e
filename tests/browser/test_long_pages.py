"""A long page on a screen: its sections are laid out as the reader nears them, then all of them, one
at a time, once the page has loaded (site.css, draw-sections.js); code blocks that scroll sideways
keep their tab stop; a reader who came for a section deep in the page, by its address or by a link
of the page, stays on it meanwhile."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from tests.browser.conftest import LANGUAGES, Pages, sections_drawn

pytestmark = [pytest.mark.browser, pytest.mark.site]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SECTIONS = ".bd-article > section > section"
# What draw-sections.js draws one by one (and site.css keeps contained).
PARTS = ".bd-article section section, .bd-article div.highlight"
# Each section: is its content rendered (not skipped until the reader nears it)?
_RENDERED = (
    f"() => [...document.querySelectorAll('{SECTIONS}')]"
    ".map(s => s.firstElementChild.checkVisibility({contentVisibilityAuto: true}))"
)


def with_stylesheet_rule(page: Page, rule: str) -> None:
    """The theme's stylesheet, served with one more rule at its end."""

    def handle(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + "\n" + rule)

    page.route("**/_static/styles/pydata-sphinx-theme.css*", handle)


@pytest.mark.parametrize("folder", LANGUAGES)
def test_sections_off_the_first_screen_wait_then_are_all_drawn(pages: Pages, base_url: str, folder: str) -> None:
    page = pages.get(**PHONE)
    # Without the script, the stylesheet alone keeps the sections below the first screen unlaid.
    page.route("**/_static/draw-sections.js", lambda route: route.abort())
    page.goto(f"{base_url}/{folder}/tf2.html", wait_until="domcontentloaded")
    page.wait_for_load_state("load")
    rendered = page.evaluate(_RENDERED)
    assert len(rendered) >= 8, f"{folder}/tf2.html has {len(rendered)} sections"
    assert rendered[-1] is False and rendered.count(False) >= len(rendered) - 2, rendered
    # With it, every section is drawn once the page has loaded, and the page's height is then final.
    page.unroute_all(behavior="ignoreErrors")
    page.goto(f"{base_url}/{folder}/tf2.html")  # returns once the sections are drawn (conftest.py)
    assert page.evaluate(_RENDERED) == [True] * len(rendered)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -20_000)
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollHeight") == height


@pytest.mark.parametrize("folder", LANGUAGES)
def test_code_blocks_that_scroll_sideways_and_only_those_take_a_tab_stop(
    pages: Pages, base_url: str, folder: str
) -> None:
    page = pages.get(**PHONE)
    # The site's code wraps; a stylesheet that stops it wrapping makes many blocks scroll sideways.
    with_stylesheet_rule(page, ".bd-article pre, .bd-article pre * { white-space: pre !important; }")
    page.goto(f"{base_url}/{folder}/tf2.html")

    def misplaced() -> tuple[int, int, list[str]]:
        blocks = page.eval_on_selector_all(
            "article pre",
            "all => all.map(e => [e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight, e.tabIndex,"
            " e.textContent.slice(0, 40)])",
        )
        wrong = [
            f"{text!r}: scrolls {scrolls}, tabIndex {index}"
            for scrolls, index, text in blocks
            if index != (0 if scrolls else -1)
        ]
        return sum(1 for scrolls, _, _ in blocks if scrolls), len(blocks), wrong

    scrolling, total, wrong = misplaced()
    assert 0 < scrolling < total, f"{scrolling} of {total} blocks scroll: the test sets nothing apart"
    assert wrong == []
    # A keyboard reader reaches a block that scrolls, and its Right arrow scrolls it.
    block = page.locator("article pre[tabindex='0'] >> visible=true").last
    block.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=block.element_handle(), timeout=5_000)
    # Wider, fewer blocks scroll: their tab stops follow once the window has stopped changing.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(400)
    wider, _, wrong = misplaced()
    assert wider < scrolling and wrong == []


@pytest.fixture(params=["scroll anchoring", "no scroll anchoring"])
def phone(pages: Pages, request: pytest.FixtureRequest) -> Page:
    """A phone's page; without scroll anchoring, as in a browser that does not keep the reader's place
    when what is above it changes height."""
    page = pages.get(**PHONE)
    if request.param == "no scroll anchoring":
        with_stylesheet_rule(page, "* { overflow-anchor: none !important; }")
    return page


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_reader_sent_to_a_section_lands_on_it_and_stays(phone: Page, base_url: str, folder: str) -> None:
    page = phone
    page.goto(f"{base_url}/{folder}/tf2.html", wait_until="domcontentloaded")
    target = page.eval_on_selector_all(SECTIONS, "all => all[Math.floor(all.length / 2)].id")
    page.goto("about:blank")
    page.goto(f"{base_url}/{folder}/tf2.html#{target}", wait_until="domcontentloaded")
    page.wait_for_load_state("load")
    place = f"document.getElementById('{target}').getBoundingClientRect().top"
    landed = page.evaluate(place)
    assert 0 <= landed <= 200, f"the section #{target} the reader came for is at {landed} px from the top"
    sections_drawn(page)
    page.wait_for_timeout(200)
    assert page.evaluate(place) == landed


def _held(route: Route) -> None:
    """draw-sections.js, held until the test sends the page the event 'test-draw'."""
    script = route.fetch().text()
    route.fulfill(body=f"addEventListener('test-draw', function () {{ {script} }});", content_type="text/javascript")


def _tf2_drawing_held(page: Page, base_url: str, folder: str) -> None:
    """tf2 loaded, its script not started: the sections off the first screen wait to be drawn."""
    page.route("**/_static/draw-sections.js", _held)
    page.goto(f"{base_url}/{folder}/tf2.html", wait_until="domcontentloaded")
    page.wait_for_load_state("load")
    assert page.evaluate(_RENDERED).count(False) >= 4


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_reader_who_scrolled_down_keeps_their_place_while_the_sections_above_are_drawn(
    phone: Page, base_url: str, folder: str
) -> None:
    page = phone

    # The drawing starts when the test says, once the reader has scrolled.
    _tf2_drawing_held(page, base_url, folder)
    section = page.locator(SECTIONS).nth(page.locator(SECTIONS).count() // 2)
    section.locator("p").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 100)
    page.wait_for_timeout(300)
    before = section.bounding_box()
    assert before is not None
    page.evaluate("dispatchEvent(new Event('test-draw'))")
    sections_drawn(page)
    page.wait_for_timeout(200)
    after = section.bounding_box()
    assert after is not None and abs(after["y"] - before["y"]) <= 2, (
        f"the reader's section moved from {before['y']} to {after['y']}"
    )


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_reader_who_follows_a_link_down_the_page_lands_on_its_section_and_stays(
    phone: Page, base_url: str, folder: str
) -> None:
    page = phone
    _tf2_drawing_held(page, base_url, folder)
    # A link of the text to a section far below, while that section and those above it wait.
    link = page.locator(".bd-article a.reference.internal[href^='#']").first
    target = link.get_attribute("href")
    assert target
    page.evaluate("dispatchEvent(new Event('test-draw'))")  # the script starts, as after a load
    link.click()
    place = f"document.getElementById('{target[1:]}').getBoundingClientRect().top"
    page.wait_for_function(f"location.hash === '{target}'")
    landed = page.evaluate(place)
    assert 0 <= landed <= 200, f"the section {target} the reader followed is at {landed} px from the top"
    sections_drawn(page)
    page.wait_for_timeout(200)
    assert abs(page.evaluate(place) - landed) <= 2, f"the section {target} moved from {landed} px"


# Each focusable element of a part, line by line, and whether its focus ring (the theme's 3px
# outline, drawn outside the element) fits inside the part: what lies past a part's edge is clipped
# (site.css).
_RINGS_CLIPPED = """(parts) => {
  const ring = 3, out = [];
  let seen = 0;
  const focusable = '.bd-article a[href], .bd-article button, .bd-article [tabindex="0"]';
  for (const element of document.querySelectorAll(focusable)) {
    const part = element.parentElement.closest(parts);
    if (!part) continue;
    // Inside a box of its own that scrolls (a wide table), that box clips it: not the part.
    let scroller = element.parentElement;
    while (scroller !== part && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
    if (scroller !== part) continue;
    seen += 1;
    const box = part.getBoundingClientRect();
    for (const line of element.getClientRects()) {
      if (line.width === 0) continue;
      if (line.left - ring < box.left - 0.5 || line.right + ring > box.right + 0.5) {
        out.push(`${element.textContent.trim().slice(0, 30)}: ${Math.round(line.left)}-${Math.round(line.right)}`
          + ` in ${part.id || part.className} ${Math.round(box.left)}-${Math.round(box.right)}`);
      }
    }
  }
  return {clipped: out, seen};
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_no_focus_ring_is_cut_by_the_edge_of_a_part(pages: Pages, base_url: str, width: int) -> None:
    phone = width < 576
    page = pages.get(viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone)
    for folder in LANGUAGES:
        for name in ("tf2", "original"):  # two of the longest; the rules are the same everywhere
            page.goto(f"{base_url}/{folder}/{name}.html")
            found = page.evaluate(_RINGS_CLIPPED, PARTS)
            assert found["seen"] >= 20, f"{folder}/{name}.html: {found['seen']} links and buttons in its parts"
            assert found["clipped"] == [], f"{folder}/{name}.html at {width} px"
