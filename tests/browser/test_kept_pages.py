"""A kept page (conftest.Pages) starts each test as a page of a new context would."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.browser.conftest import Pages, watch

STATE = """() => ({
  local: localStorage.length,
  session: sessionStorage.length,
  cookies: document.cookie,
  theme: document.documentElement.dataset.theme,
  dark: matchMedia("(prefers-color-scheme: dark)").matches,
  print: matchMedia("print").matches,
  width: innerWidth,
  title: document.title,
})"""


def state_after_a_visit(page: Page, base_url: str) -> dict:
    page.goto(f"{base_url}/en/reuse.html")
    page.wait_for_load_state("load")
    page.locator("h1").first.inner_text()  # within the default timeout
    return page.evaluate(STATE)


def test_a_kept_page_forgets_what_the_last_test_did(browser: Browser, base_url: str) -> None:
    pages = Pages(browser, base_url)
    new = browser.new_context()
    expected = state_after_a_visit(new.new_page(), base_url)
    new.close()
    first = pages.get()
    state_after_a_visit(first, base_url)
    # What a test may leave: a colour chosen in the theme's menu, storage, a cookie, a route that
    # answers for the page, emulated print in dark, another viewport, a short timeout.
    first.locator("button.theme-switch-button").first.click()
    first.locator("button.theme-change-button[data-mode='dark']").first.click()
    first.evaluate("sessionStorage.setItem('left', 'over'); document.cookie = 'left=over'")
    first.route("**/reuse.html", lambda route: route.fulfill(body="<title>routed</title>", content_type="text/html"))
    first.emulate_media(media="print", color_scheme="dark")
    first.set_viewport_size({"width": 400, "height": 500})
    first.set_default_timeout(1)
    first.set_default_navigation_timeout(1)
    last_tests = watch(first)
    pages.done()
    second = pages.get()
    assert second is first, "the page was not kept"
    assert state_after_a_visit(second, base_url) == expected
    second.evaluate("console.error('an error of this test')")
    assert last_tests.errors == [], "the last test's watcher still records this test's page"
    second.context.close()
