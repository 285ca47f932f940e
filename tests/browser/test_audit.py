"""What a reader meets around the articles: the 404 page on a project site, the line under each
example on a phone, the copy button on a touch screen, the differences between releases, the
footer, the colour menu, the Chinese font, and the addresses a search engine reads."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route

from .conftest import LANGUAGES, Pages, until

PHONE = {"width": 360, "height": 740}
SITE_URL = "https://site.test/variable-sharing/"  # as `nox -s tests` builds the test site


def serve_under(page: Page, site_dir: Path, prefix: str) -> None:
    """Serve the site at http://project.test<prefix>, as GitHub Pages serves a project site: an
    unknown address gets the site's 404.html, with status 404."""
    not_found = (site_dir / "404.html").read_bytes()

    def answer(route: Route) -> None:
        path = urlsplit(route.request.url).path
        file = site_dir / path.removeprefix(prefix) if path.startswith(prefix) else None
        if file is not None and file.is_dir():
            file = file / "index.html"
        if file is None or not file.is_file() or not file.resolve().is_relative_to(site_dir.resolve()):
            route.fulfill(status=404, body=not_found, content_type="text/html")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=kind)

    page.route("**/*", answer)


@pytest.mark.parametrize("missing", ["no-such-page.html", "en/no-such-page.html", "old/deep/path/page.html"])
def test_the_404_page_of_a_project_site_leads_home(page: Page, site_dir: Path, missing: str) -> None:
    serve_under(page, site_dir, "/variable-sharing/")
    response = page.goto(f"http://project.test/variable-sharing/{missing}")
    assert response is not None and response.status == 404
    # The page has the site's look, not the browser's bare default: in dark mode too.
    page.emulate_media(color_scheme="dark")
    background = page.locator("html").evaluate("h => getComputedStyle(h).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 3 * 64, f"the 404 page stays light in dark mode: {background}"
    page.emulate_media(color_scheme="light")
    for index, folder in enumerate(LANGUAGES):
        home = page.locator("main section").nth(index).locator("li a").first
        home.click()
        page.wait_for_load_state()
        assert page.url == f"http://project.test/variable-sharing/{folder}/index.html"
        assert page.locator("article.bd-article h1").count() == 1, f"the {folder} home link of the 404 page is broken"
        page.go_back()


def test_the_404_page_searches_for_what_was_missing(page: Page, site_dir: Path) -> None:
    serve_under(page, site_dir, "/variable-sharing/")
    page.goto("http://project.test/variable-sharing/variable-scope.html")
    search = page.locator("a[data-search]").first
    search.click()
    page.wait_for_load_state()
    assert page.url.startswith("http://project.test/variable-sharing/en/search.html?q=variable%20scope")
    assert page.locator("#search-results, .bd-search-container").count() > 0


# Each line under an example, scrolled into view as the reader meets it: its height, its line
# height, its text, and whether its download link shows.
_EACH_META_LINE = """lines => lines.map(p => {
  p.scrollIntoView({block: 'nearest'});
  const link = p.querySelector('a.execdocs-download-py');
  const shown = !!link && link.getClientRects().length > 0 && getComputedStyle(link).visibility !== 'hidden';
  return [p.getBoundingClientRect().height, parseFloat(getComputedStyle(p).lineHeight), p.innerText, shown];
})"""


@pytest.mark.parametrize("folder", LANGUAGES)
def test_the_line_under_an_example_keeps_to_two_lines_on_a_phone(pages: Pages, base_url: str, folder: str) -> None:
    page = pages.get(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/{folder}/reuse.html")
    lines = page.locator("p.execdocs-meta:not(.execdocs-compat-unchecked)").evaluate_all(_EACH_META_LINE)
    assert len(lines) > 5
    for index, (height, step, text, link_shown) in enumerate(lines):
        assert "TensorFlow 2." in text and link_shown
        assert height <= 2 * step + 1, (
            f"{folder}: the line under example {index + 1} takes {height / step:.1f} lines: {text}"
        )


# The parts of the first line of a code block that the copy button covers: rectangles of the line's
# text (up to its first newline), inside the block's visible box, that meet the button's.
_COVERED = """pre => {
  const button = pre.parentElement.querySelector('button.copybtn');
  if (!button) return null;
  const b = button.getBoundingClientRect(), box = pre.getBoundingClientRect();
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let started = false, covered = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const end = node.data.indexOf('\\n');
    const text = end < 0 ? node.data : node.data.slice(0, end);
    if (text.trim()) {
      started = true;
      range.setStart(node, 0);
      range.setEnd(node, text.length);
      for (const r of range.getClientRects()) {
        const left = Math.max(r.left, box.left, b.left), right = Math.min(r.right, box.right, b.right);
        const top = Math.max(r.top, b.top), bottom = Math.min(r.bottom, b.bottom);
        if (right - left > 1 && bottom - top > 1) covered.push(text.trim());
      }
    }
    if (end >= 0 && started) break;
  }
  return covered;
}"""


# Each code block shown, scrolled into view as the reader meets it: what its copy button covers of
# its first line (_COVERED), and the button's opacity; null for a block not shown.
_EACH_BLOCK = (
    "pres => pres.map(pre => {"
    " if (!pre.getClientRects().length || getComputedStyle(pre).visibility === 'hidden') return null;"
    " pre.scrollIntoView({block: 'nearest'});"
    " const button = pre.parentElement.querySelector('button.copybtn');"
    f" return [({_COVERED})(pre), button && getComputedStyle(button).opacity];"
    " })"
)


@pytest.mark.parametrize("folder", LANGUAGES)
def test_the_copy_button_leaves_the_first_line_readable_on_a_touch_screen(
    pages: Pages, base_url: str, folder: str
) -> None:
    page = pages.get(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/{folder}/reuse.html")
    until(page, lambda: page.locator("button.copybtn").count() > 5, "the copy buttons were not added")
    checked, covered = 0, []
    for index, block in enumerate(page.locator("div.highlight > pre").evaluate_all(_EACH_BLOCK)):
        if block is None or block[0] is None:
            continue
        found, opacity = block
        assert opacity == "1", f"{folder}: block {index + 1}'s copy button is not shown without hover"
        checked += 1
        covered += [f"block {index + 1}: {text}" for text in found]
    assert checked > 5
    assert covered == [], f"{folder}: the copy button covers the first line's text of " + "; ".join(covered[:5])


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_script_shown_in_parts_has_its_differences_once(page: Page, base_url: str, folder: str) -> None:
    page.goto(f"{base_url}/{folder}/reuse.html")
    folds = page.locator("details.execdocs-compat")
    assert folds.count() > 0
    scripts: dict[str, int] = {}
    for index in range(folds.count()):
        # The script a fold belongs to: the download link of the line just above it.
        href = folds.nth(index).evaluate(
            """d => { let p = d.previousElementSibling;
                      while (p && !p.matches('p.execdocs-meta')) p = p.previousElementSibling;
                      return p.querySelector('a.execdocs-download-py').getAttribute('href'); }"""
        )
        key = f"{href} {folds.nth(index).locator('summary').inner_text()}"
        scripts[key] = scripts.get(key, 0) + 1
    repeated = {key: count for key, count in scripts.items() if count > 1}
    assert repeated == {}, f"{folder}: the same difference is shown more than once: {repeated}"


@pytest.mark.parametrize("folder", LANGUAGES)
def test_a_difference_between_releases_reads_whole_on_a_phone(browser: Browser, base_url: str, folder: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/{folder}/errors.html")
    until(page, lambda: page.locator("button.copybtn").count() > 0, "the copy buttons were not added")
    folds = page.locator("details.execdocs-compat")
    assert folds.count() > 0
    for index in range(folds.count()):
        fold = folds.nth(index)
        fold.locator("summary").click()
        diff = fold.locator("div.execdocs-compat-diff pre")
        if diff.count() == 0:
            continue
        assert diff.is_visible()
        # Nothing to copy (it is not code to run), and no line hidden past the right edge.
        assert fold.locator("button.copybtn").count() == 0, f"{folder}: a difference has a copy button"
        overflow = diff.evaluate("p => p.scrollWidth - p.clientWidth")
        assert overflow <= 1, f"{folder}: difference {index + 1} scrolls sideways by {overflow}px"
    context.close()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_the_footer_says_who_wrote_the_site_and_how_it_may_be_reused(page: Page, base_url: str, folder: str) -> None:
    page.goto(f"{base_url}/{folder}/index.html")
    footer = page.locator("footer .bd-footer-content, footer.bd-footer-content").first
    text = footer.inner_text()
    assert re.search(r"© 20\d\d", text)
    licence = footer.locator('a[href$="/LICENSE"]')
    assert licence.count() == 1 and "Apache" in licence.inner_text()
    contributors = footer.locator('a[href$="/graphs/contributors"]')
    assert contributors.count() == 1 and contributors.inner_text().strip()
    if folder != "en":
        assert "authors of this site" not in text and "contributors to this site" not in text


@pytest.mark.first_visit
def test_the_colour_menu_opens_and_chooses_without_bootstrap(page: Page, base_url: str) -> None:
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(f"{base_url}/en/reuse.html")
    page.wait_for_load_state("load")
    assert not [url for url in scripts if "bootstrap" in url], "Bootstrap's script is still loaded"
    button = page.locator(".theme-switch-button")
    menu = page.locator(".theme-switch-container .dropdown-menu")
    button.click()
    until(page, menu.is_visible, "the colour menu did not open")
    assert button.get_attribute("aria-expanded") == "true"
    menu_box, button_box = menu.bounding_box(), button.bounding_box()
    assert menu_box and button_box and menu_box["y"] >= button_box["y"] + button_box["height"] - 1
    assert menu_box["x"] + menu_box["width"] <= page.viewport_size["width"]
    menu.locator("button[data-mode='dark']").click()
    until(page, lambda: not menu.is_visible(), "the colour menu stayed open after a choice")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    button.focus()
    page.keyboard.press("Enter")
    until(page, menu.is_visible, "the colour menu did not open from the keyboard")
    page.keyboard.press("Escape")
    until(page, lambda: not menu.is_visible(), "Escape did not close the colour menu")
    page.mouse.click(5, 400)
    assert not menu.is_visible()


def test_chinese_pages_name_a_simplified_chinese_font(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/zh-cn/reuse.html")
    paragraph = page.locator("article.bd-article p").first
    family = paragraph.evaluate("p => getComputedStyle(p).fontFamily")
    assert re.search(r"\b(SC|GB|YaHei)\b", family), f"no simplified Chinese font is named: {family}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article.bd-article section p"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    names = [font["familyName"] for font in fonts]
    assert any("CJK SC" in name or name.endswith(" SC") for name in names), names
    # The English page keeps its own face.
    page.goto(f"{base_url}/en/reuse.html")
    assert "CJK" not in page.locator("article.bd-article p").first.evaluate("p => getComputedStyle(p).fontFamily")


@pytest.mark.parametrize("folder", LANGUAGES)
def test_each_page_names_its_address_and_its_translations_in_full(page: Page, base_url: str, folder: str) -> None:
    page.goto(f"{base_url}/{folder}/reuse.html")
    canonical = page.locator('link[rel="canonical"]')
    assert canonical.count() == 1 and canonical.get_attribute("href") == f"{SITE_URL}{folder}/reuse.html"
    alternates = page.locator('link[rel="alternate"][hreflang]')
    hrefs = {
        alternates.nth(i).get_attribute("hreflang"): alternates.nth(i).get_attribute("href")
        for i in range(alternates.count())
    }
    assert hrefs == {"en": f"{SITE_URL}en/reuse.html", "zh-CN": f"{SITE_URL}zh-cn/reuse.html"}
    page.goto(f"{base_url}/{folder}/index.html")
    x_default = page.locator('link[rel="alternate"][hreflang="x-default"]')
    assert x_default.get_attribute("href") == f"{SITE_URL}index.html"


def test_the_cheat_sheet_cards_on_a_phone_are_labelled_in_the_page_language(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    labels = {}
    for folder in LANGUAGES:
        page.goto(f"{base_url}/{folder}/cheatsheet.html")
        card = page.locator("table.execdocs-stacked tbody tr").first
        names = card.locator(".execdocs-cell-label")
        assert names.count() == 5 and names.first.is_visible()
        labels[folder] = [names.nth(i).inner_text().strip() for i in range(names.count())]
    context.close()
    english, chinese = labels["en"], labels["zh-cn"]
    # The cards name what each line is in words of the page's language; the code names stay.
    assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in english)
    worded = [label for label in chinese if re.search(r"[\u4e00-\u9fff]", label)]
    assert len(worded) >= 4, f"the Chinese cards are labelled {chinese}"
    assert [label for label in english if "create" in label] and [label for label in chinese if "create" in label]
