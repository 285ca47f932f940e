"""Reading the examples as a reader does: whole error lines, line numbers that match the
tracebacks, the answer and the cheat sheet on the first screen, and a notebook to take home."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LANGUAGES, Pages, pages_of

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


@pytest.fixture
def reader(pages: Pages, request: pytest.FixtureRequest) -> Page:
    """A page of the viewport named by the test's ``size`` parameter (a phone is a touch device)."""
    size = request.node.callspec.params["size"]
    viewport = PHONE if size == "phone" else DESK
    return pages.get(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")


def pages_with_errors(site_dir: Path, folder: str) -> list[str]:
    return [path for path in pages_of(site_dir, folder) if "execdocs-raises" in (site_dir / path).read_text("utf-8")]


# The error line: the last line of a traceback that names an exception.
_ERROR_LINES = """() => [...document.querySelectorAll('div.execdocs-raises')].map(box => {
  const pre = box.querySelector('pre');
  const range = document.createRange();
  range.selectNodeContents(pre);
  const text = pre.innerText.replace(/\\n+$/, '');
  const error = text.split('\\n').filter(line => /^\\w[\\w.]*(Error|Exception)\\b/.test(line)).pop() || '';
  // The box of every visible character of the error line, wherever the browser put it (a space
  // at a wrap may hang past the edge; it shows nothing).
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  const rects = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(error.slice(0, 40));
    if (error && at >= 0) {
      const end = Math.min(node.data.length, at + error.length);
      for (let i = at; i < end; i++) {
        if (/\\s/.test(node.data[i])) continue;
        const part = document.createRange();
        part.setStart(node, i);
        part.setEnd(node, i + 1);
        rects.push(...[...part.getClientRects()].map(r => [r.left, r.right]));
      }
      break;
    }
  }
  const frame = box.getBoundingClientRect();
  const clip = pre.parentElement.getBoundingClientRect();
  return {
    error,
    rects,
    left: Math.max(frame.left, clip.left),
    right: Math.min(frame.right, clip.right),
    scrolls: pre.scrollWidth > pre.clientWidth + 1,
  };
})"""


@pytest.mark.parametrize("size", ["phone", "desk"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_error_line_is_whole_inside_its_output_block(reader: Page, site_dir: Path, base_url: str, folder, size):
    checked, cut = 0, []
    for path in pages_with_errors(site_dir, folder):
        reader.goto(f"{base_url}/{path}")
        for block in reader.evaluate(_ERROR_LINES):
            assert block["error"], f"{path}: a traceback without an error line"
            checked += 1
            outside = [r for r in block["rects"] if r[0] < block["left"] - 1 or r[1] > block["right"] + 1]
            if not block["rects"] or outside or block["scrolls"]:
                cut.append(f"{path}: {block['error'][:70]}")
    print(f"{folder} {size}: {checked} error lines, {len(cut)} cut")
    assert checked >= 10
    assert cut == []


def test_error_line_is_whole_in_print(page: Page, site_dir: Path, base_url: str) -> None:
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's text width
    cut = []
    for path in pages_with_errors(site_dir, "en"):
        page.goto(f"{base_url}/{path}")
        for block in page.evaluate(_ERROR_LINES):
            if block["scrolls"] or any(r[1] > block["right"] + 1 for r in block["rects"]):
                cut.append(f"{path}: {block['error'][:70]}")
    assert cut == []


# Every line of an example's listings with the number the reader sees beside it.
_LISTING = """example => [...example.querySelectorAll('div.execdocs-source pre')].flatMap(pre => {
  const lines = [...pre.querySelectorAll('span.execdocs-line[data-line]')];
  if (!lines.length) {
    return pre.innerText.replace(/\\n$/, '').split('\\n').map(text => ({label: null, text}));
  }
  // Each line's box holds its text; its number is drawn before it.
  return lines.map(line => ({
    label: getComputedStyle(line, '::before').content.replace(/"/g, ''),
    text: line.textContent.replace(/\\n$/, ''),
  }));
})"""


@pytest.mark.parametrize("folder", LANGUAGES)
def test_cited_line_number_labels_the_cited_code(page: Page, site_dir: Path, base_url: str, folder: str) -> None:
    page.set_viewport_size(DESK)
    checked, wrong = 0, []
    for path in pages_with_errors(site_dir, folder):
        page.goto(f"{base_url}/{path}")
        for example in page.locator("div.execdocs-example", has=page.locator("div.execdocs-raises")).all():
            traceback = example.locator("div.execdocs-raises pre").inner_text()
            script = re.escape(re.search(r'File "(examples/[^"]+\.py)"', traceback)[1])
            cited = re.findall(rf'File "{script}", line (\d+), in \S+\n {{4}}(.*)\n', traceback)
            lines = example.evaluate(_LISTING)
            # Without numbers beside the code, a reader counts the lines from the top of the listing.
            shown = {line["label"] or str(i): line["text"] for i, line in enumerate(lines, start=1)}
            for number, code in cited:
                checked += 1
                if number in shown and shown[number].strip() != code.strip():
                    wrong.append(f"{path}: line {number} is {code.strip()!r}, shown as {shown[number].strip()!r}")
    print(f"{folder}: {checked} cited lines, {len(wrong)} wrong")
    assert checked >= 10
    assert wrong == []


@pytest.mark.parametrize("size", ["phone", "desk"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_cheat_sheet_table_comes_first_and_every_column_reads(reader: Page, base_url: str, folder: str, size: str):
    reader.goto(f"{base_url}/{folder}/cheatsheet.html")
    table = reader.locator("article table").first
    height = reader.viewport_size["height"]
    width = reader.viewport_size["width"]
    assert table.bounding_box()["y"] < height * 0.8, "the table starts below the first screen"
    headers = table.locator("thead th").all_inner_texts()
    assert len(headers) >= 5
    for row in table.locator("tbody tr").all()[:3] + table.locator("tbody tr").all()[-3:]:
        row.scroll_into_view_if_needed()
        for cell in row.locator("td").all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"cell {cell.inner_text()!r} off screen"
            assert cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), f"cell {cell.inner_text()!r} cut"
    # Each outcome says what it is in a symbol and a word, not in colour alone.
    outcomes = " ".join(table.locator("tbody tr td:last-child").all_inner_texts())
    for mark in ("= ", "+ ", "✗ "):  # the same variable, a new one, an error
        assert mark in outcomes, f"no outcome marked {mark.strip()!r}"


@pytest.mark.parametrize("folder", LANGUAGES)
def test_landing_page_answers_on_the_first_screen(page: Page, base_url: str, folder: str) -> None:
    page.set_viewport_size(DESK)
    page.goto(f"{base_url}/{folder}/index.html")
    table = page.locator("article div.execdocs-output table").first
    assert table.count() == 1, "no answer table from a real run on the landing page"
    box = table.bounding_box()
    assert box["y"] + box["height"] <= DESK["height"], "the answer table ends below the first screen"
    first_screen = page.evaluate(
        """() => [...document.querySelectorAll('article p')]
             .filter(p => p.getBoundingClientRect().bottom <= innerHeight).map(p => p.innerText).join(' ')"""
    )
    assert "tf.name_scope" in first_screen and "tf.variable_scope" in first_screen
    assert "reuse=True" in first_screen
    cells = table.locator("tbody td").all_inner_texts()
    assert any("reuse=True" in cell for cell in cells) and any("ValueError" in cell for cell in cells)
    # The proof is one click away, and so is the cheat sheet.
    page.locator("article a[href*='reuse.html#']").first.click()
    page.wait_for_url("**/reuse.html#*")
    page.go_back()
    page.locator("article a[href*='cheatsheet.html']").first.click()
    page.wait_for_url("**/cheatsheet.html*")


@pytest.mark.parametrize("folder", LANGUAGES)
def test_phone_title_leaves_room_for_the_answer(browser: Browser, base_url: str, folder: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/{folder}/index.html")
    title = page.locator("article h1").bounding_box()
    assert title["height"] < PHONE["height"] / 5, "the title takes a large part of the screen"
    question = page.locator("article p").first
    # The first thing under the title is the question itself, set in bold, with its answer.
    asked = question.locator("strong").first
    assert asked.count() == 1 and "tf.name_scope" in asked.inner_text() and "tf.variable_scope" in asked.inner_text()
    assert question.bounding_box()["y"] < PHONE["height"] / 2, "the first answer starts low on the screen"
    context.close()


@pytest.mark.parametrize("folder", LANGUAGES)
def test_notebook_download_opens_with_the_outputs_shown(
    browser: Browser, base_url: str, folder: str, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base_url}/{folder}/original.html")
    example = page.locator("div.execdocs-example", has=page.locator("div.execdocs-raises")).first
    shown_code = [pre.evaluate("e => e.textContent") for pre in example.locator("div.execdocs-source pre").all()]
    shown_output = example.locator("div.execdocs-raises pre").inner_text()
    link = example.locator("a[href$='.ipynb']")
    with page.expect_download() as download:
        link.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for code in shown_code:
        assert any(code.strip() in cell.source for cell in code_cells), "a shown cell is not in the notebook"
    other = "# zh:" if folder == "en" else "# en:"
    assert all(other not in cell.source and "# en:" not in cell.source for cell in code_cells)
    error = code_cells[-1].outputs[-1]
    assert error.output_type == "error" and error.traceback[-1] in shown_output
    with page.expect_download() as script:
        example.locator("a[href$='.py']").click()
    text = Path(script.value.path()).read_text(encoding="utf-8")
    assert all(code.strip() in text for code in shown_code) and other not in text
    context.close()
