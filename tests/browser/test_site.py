"""The built site in a real browser, in both languages, the way a reader uses it."""

from __future__ import annotations

import inspect
import itertools
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import HREFLANGS, LANGUAGES, installed_fonts, pages_of, until, watch
from tests.util import Verdicts, tree_digest

PHONE = {"width": 390, "height": 844}


@pytest.mark.first_visit
@pytest.mark.parametrize("folder", LANGUAGES)
def test_first_visit_logs_no_warning(page: Page, base_url: str, folder: str) -> None:
    traffic = watch(page)
    page.goto(f"{base_url}/{folder}/index.html", wait_until="networkidle")
    assert traffic.warnings == [] and traffic.errors == []


@pytest.mark.parametrize(("source", "target"), list(itertools.permutations(LANGUAGES, 2)))
def test_language_switch_lands_on_same_page_and_anchor(page: Page, base_url: str, source: str, target: str) -> None:
    page.goto(f"{base_url}/{source}/original.html")
    anchor = page.locator("section[id]").nth(2).get_attribute("id")
    page.goto(f"{base_url}/{source}/original.html#{anchor}")
    page.locator("a.language-switch-link").first.click()
    page.wait_for_url(f"**/{target}/original.html#{anchor}")
    assert page.locator(f"section[id='{anchor}']").count() == 1
    assert page.evaluate("document.documentElement.lang") == HREFLANGS[target]


def test_pages_name_their_counterpart(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/zh-cn/reuse.html")
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, l.getAttribute('href')])"
    )
    # Full addresses, from the site's address (SITE_URL) that `nox -s tests` builds the test site with.
    site = "https://site.test/variable-sharing"
    assert alternates == [[HREFLANGS[folder], f"{site}/{folder}/reuse.html"] for folder in LANGUAGES]


def test_root_page_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/index.html")
    assert [page.locator(f"a[href='{folder}/']").count() for folder in LANGUAGES] == [1] * len(LANGUAGES)
    context.close()


def search(page: Page, base_url: str, folder: str, query: str) -> list[str]:
    """The pages the site's own search lists for ``query``, in order."""
    page.goto(f"{base_url}/{folder}/search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    return [re.sub(r"^.*/(\w+)\.html.*$", r"\1", href) for href in hrefs]


@pytest.mark.parametrize(
    ("folder", "query", "expected"),
    [
        ("zh-cn", "变量共享", "original"),
        ("zh-cn", "共享变量的作用域", "reuse"),
        ("en", "get_variable", "original"),
        ("en", "AUTO_REUSE", "reuse"),
    ],
)
def test_search_finds_the_right_page(page: Page, base_url: str, folder: str, query: str, expected: str) -> None:
    traffic = watch(page)
    found = search(page, base_url, folder, query)
    assert expected in found, f"{query!r} found {found}"
    assert traffic.errors == []


def test_copy_button_copies_the_code_not_the_output(browser: Browser, base_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/en/original.html")
    example = page.locator("div.execdocs-example").first
    code = example.locator("div.execdocs-source pre").first
    code.hover()
    example.locator("div.execdocs-source button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip()
    assert "import tensorflow.compat.v1 as tf" in copied
    output = example.locator("div.execdocs-output pre").first.inner_text()
    assert output.strip() and output.strip() not in copied
    assert page.locator("div.execdocs-output button.copybtn").count() == 0
    context.close()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_outputs_sit_under_their_code_and_errors_are_marked(page: Page, base_url: str, folder: str) -> None:
    page.goto(f"{base_url}/{folder}/original.html")
    first = page.locator("div.execdocs-example").first
    code_box = first.locator("div.execdocs-source").first.bounding_box()
    output_box = first.locator("div.execdocs-output").first.bounding_box()
    assert output_box["y"] >= code_box["y"] + code_box["height"] - 1
    assert first.locator("div.execdocs-output pre").first.is_visible()
    error = page.locator("div.execdocs-example div.execdocs-raises").first  # not the 2017 listings' runs
    label = error.locator("p.execdocs-output-label").inner_text()
    assert label == {"en": "Output (raises ValueError)", "zh-cn": "输出（抛出 ValueError）"}[folder]
    assert "ValueError: Variable var3 already exists" in error.locator("pre").inner_text()


def contrast(page: Page, selector: str) -> float:
    """The WCAG contrast ratio of an element's text against the background it is drawn on."""
    return page.eval_on_selector(
        selector,
        """element => {
          const rgb = s => s.match(/[\\d.]+/g).map(Number);
          const lum = ([r, g, b]) => {
            const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
          };
          let node = element, background = null;
          while (node && !background) {
            const color = rgb(getComputedStyle(node).backgroundColor);
            if (color.length < 4 || color[3] > 0) background = color.slice(0, 3);
            node = node.parentElement;
          }
          const a = lum(rgb(getComputedStyle(element).color)), b = lum(background || [255, 255, 255]);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_readable_in_light_and_dark_mode(browser: Browser, base_url: str, folder: str, mode: str) -> None:
    context = browser.new_context(color_scheme=mode)
    page = context.new_page()
    page.add_init_script(f"window.localStorage.setItem('mode', '{mode}')")
    page.goto(f"{base_url}/{folder}/original.html")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    for selector in (
        "div.execdocs-output pre",
        "p.execdocs-output-label",
        "div.execdocs-raises pre",
        "a.language-switch-link",
        "article p",
    ):
        assert contrast(page, selector) >= 4.5, f"{selector} in {mode} mode"
    context.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_first_visit_is_drawn_in_the_systems_colours_from_the_first_paint(browser: Browser, base_url: str, scheme):
    """No flash of the other mode: the page's head resolves the system's preference itself, so the
    page is drawn in its final colours before the theme's deferred script runs (held back here)."""
    colours = "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    context = browser.new_context(color_scheme=scheme)
    held = context.new_page()
    held.route("**/scripts/pydata-sphinx-theme.js*", lambda route: route.abort())
    held.goto(f"{base_url}/en/reuse.html")
    before_the_theme = (held.evaluate("document.documentElement.dataset.theme"), held.evaluate(colours))
    page = context.new_page()
    page.goto(f"{base_url}/en/reuse.html")
    until(page, lambda: page.evaluate("document.getAnimations().length") == 0, "the page is still changing")
    assert before_the_theme == (scheme, page.evaluate(colours))
    context.close()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_phone_viewport_overflows_only_inside_code(browser: Browser, site_dir: Path, base_url: str, folder: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in pages_of(site_dir, folder):
        page.goto(f"{base_url}/{path}")
        too_wide = page.evaluate(
            """() => {
              const width = document.documentElement.clientWidth;
              const scrolls = e => e.closest(
                'pre, div.highlight, table, .table-wrapper, .bd-article table, .execdocs-picture-frame');
              return [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
                .filter(e => getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: ${e.textContent.slice(0, 50)}`);
            }"""
        )
        assert too_wide == [], f"{path}: {too_wide}"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_no_serious_accessibility_violation(
    browser: Browser, site_dir: Path, base_url: str, axe_source: str, folder: str, mode: str, request
) -> None:
    """axe-core on every page, in each colour mode. A page that passed before, made of the same
    bytes, audited by the same axe, Chromium and code, is not audited again (Verdicts)."""
    checked = [p for p in pages_of(site_dir, folder) if not p.endswith(("genindex.html", "search.html"))]
    assert len(checked) >= 8
    inputs = axe_inputs(browser, site_dir / folder, axe_source)
    verdicts = Verdicts(request.config, f"axe-{folder}-{mode}", *inputs)
    audited = [path for path in checked if not verdicts.unchanged(path, (site_dir / path).read_bytes())]
    found = serious_violations(browser, base_url, axe_source, mode, audited)
    for path in audited:
        if not found.get(path):
            verdicts.passes(path, (site_dir / path).read_bytes())
    verdicts.save()
    lines = [line for path in audited for line in found.get(path, [])]
    print(
        f"axe, {folder}, {mode}: {len(checked)} pages, {len(audited)} audited ({len(checked) - len(audited)} passed "
        f"before, unchanged since), {len(lines)} serious or critical violations"
    )
    assert lines == [], "\n".join(lines)


def axe_inputs(browser: Browser, language: Path, axe_source: str) -> list[str]:
    """What axe's verdict on a page of ``language`` depends on, besides the page: this code, axe's and
    Chromium's releases, the files the pages load (stylesheets, scripts, fonts), the installed fonts."""
    code = inspect.getsource(serious_violations)
    return [code, axe_source, browser.version, tree_digest(language / "_static"), installed_fonts()]


def serious_violations(browser: Browser, base_url: str, axe_source: str, mode: str, paths: list[str]):
    """axe-core's serious and critical violations on each page of ``paths`` in colour ``mode``, located."""
    # axe-core is put into each page as a script of its own, which the pages' policy would refuse.
    context = browser.new_context(color_scheme=mode, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(f"window.localStorage.setItem('mode', '{mode}')")
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{base_url}/{path}")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("axe.run().then(r => r.violations)")
        found[path] = [
            f"{path}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    return found


def test_a_page_is_audited_again_when_anything_it_is_made_of_changed(
    browser: Browser, site_dir: Path, axe_source: str, tmp_path: Path, request
) -> None:
    """The kept verdicts never hide a change: a page passes and is kept; once a stylesheet shared by
    every page makes its text faint, the page is audited again and fails; a failed page is not kept."""
    from tests.lighthouse import served

    site, page = tmp_path / "site", "en/reuse.html"
    shutil.copytree(site_dir / "en", site / "en")

    def verdicts() -> Verdicts:
        return Verdicts(request.config, "axe-probe", *axe_inputs(browser, site / "en", axe_source))

    def made_of() -> bytes:
        return (site / page).read_bytes()

    try:
        with served(site) as address:
            first = verdicts()
            assert not first.unchanged(page, made_of())
            assert serious_violations(browser, address, axe_source, "light", [page]) == {page: []}
            first.passes(page, made_of())
            first.save()
            assert verdicts().unchanged(page, made_of())

            theme = site / "en/_static/styles/sphinx-book-theme.css"
            theme.write_text(theme.read_text(encoding="utf-8") + ".bd-article p { color: #c8c8c8 !important; }\n")
            again = verdicts()
            assert not again.unchanged(page, made_of())
            found = serious_violations(browser, address, axe_source, "light", [page])[page]
            assert any("color-contrast (serious)" in line for line in found), found
            again.save()
            assert not verdicts().unchanged(page, made_of())
    finally:
        request.config.cache.set("execdocs/verdicts/axe-probe", None)


@pytest.mark.parametrize(
    ("folder", "edit", "report", "source"),
    [
        ("en", "Edit this page", "Report a problem with this page", "docs/reuse.md"),
        ("zh-cn", "修改本页", "报告本页的问题", "locales/zh_CN/LC_MESSAGES/reuse.po"),
    ],
)
def test_a_reader_who_finds_a_mistake_reaches_the_page_source_and_the_issues(
    browser: Browser, base_url: str, folder: str, edit: str, report: str, source: str
) -> None:
    """On a phone, at the end of a page: the links to edit what this reader read (the English
    source, or the Chinese catalogue) and to report a problem about this very page."""
    from urllib.parse import parse_qs, urlsplit

    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base_url}/{folder}/reuse.html")
    page.keyboard.press("End")
    link = page.get_by_role("link", name=edit, exact=True)
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    address = link.get_attribute("href")
    assert address.endswith(f"/edit/main/{source}"), address
    repository = address.removesuffix(f"/edit/main/{source}")
    assert (Path(__file__).resolve().parents[2] / source).is_file()
    issue = urlsplit(page.get_by_role("link", name=report, exact=True).get_attribute("href"))
    assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{repository}/issues/new"
    fields = parse_qs(issue.query)
    title = page.locator("article h1").inner_text().strip().rstrip("#").strip()
    assert fields["title"] == [f"{folder}/reuse: "]
    assert fields["body"][0].startswith(f"{title}\nhttps://") and f"/{folder}/reuse.html" in fields["body"][0]
    page.close()
