"""Everything fits where the reader reads it: every line of code inside its box on a desk and on
paper, code in tables broken only between its words, the page's contents in view, pictures whole
and legible on a phone in both themes, and the 2017 listings numbered like the tracebacks that
cite them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import LANGUAGES, ROOT, Pages, pages_of

WIDTHS = {"desk": 1366, "laptop": 1024, "phone": 390}


@pytest.fixture
def sized(pages: Pages, request: pytest.FixtureRequest) -> Page:
    """A page as wide as the test's ``width`` parameter names (a phone is a touch device)."""
    width = request.node.callspec.params["width"]
    phone = width == "phone"
    return pages.get(viewport={"width": WIDTHS[width], "height": 900}, is_mobile=phone, has_touch=phone)


def pages_with(site_dir: Path, folder: str, marker: str) -> list[str]:
    return [path for path in pages_of(site_dir, folder) if marker in (site_dir / path).read_text("utf-8")]


# Every code block the reader can see, and whether any of its text lies past its right edge:
# a block that scrolls sideways hides it on screen, and on paper it is lost.
_LISTINGS = """() => [...document.querySelectorAll('article div.highlight pre')]
  .filter(pre => pre.getClientRects().length && pre.closest('details:not([open])') === null)
  .map(pre => {
    const frame = pre.closest('div.highlight');
    const edge = Math.min(pre.getBoundingClientRect().right, frame.getBoundingClientRect().right);
    // A text whose box reaches past the edge is looked at character by character: a space at a
    // wrap may hang past the edge, and shows nothing.
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let past = false;
    for (let node = walker.nextNode(); node && !past; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      if (![...range.getClientRects()].some(r => r.width > 0 && r.right > edge + 1)) continue;
      for (let i = 0; i < node.data.length && !past; i++) {
        if (/\\s/.test(node.data[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        past = [...range.getClientRects()].some(r => r.width > 0 && r.right > edge + 1);
      }
    }
    const scrolls = pre.scrollWidth > pre.clientWidth + 1 || frame.scrollWidth > frame.clientWidth + 1;
    const longest = pre.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '');
    return {cut: past || scrolls, longest: longest.trim().slice(0, 60)};
  })"""


def cut_listings(page: Page, base_url: str, paths: list[str]) -> tuple[int, list[str]]:
    seen, cut = 0, []
    for path in paths:
        page.goto(f"{base_url}/{path}")
        for block in page.evaluate(_LISTINGS):
            seen += 1
            if block["cut"]:
                cut.append(f"{path}: {block['longest']}")
    return seen, cut


@pytest.mark.parametrize("width", ["desk", "laptop"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_every_line_of_code_reads_without_scrolling(sized: Page, site_dir: Path, base_url: str, folder, width):
    seen, cut = cut_listings(sized, base_url, pages_with(site_dir, folder, 'class="highlight"'))
    print(f"{folder} {width}: {seen} code blocks, {len(cut)} scroll or are cut")
    assert seen >= 100
    assert cut == []


@pytest.mark.parametrize("folder", LANGUAGES)
def test_every_line_of_code_is_whole_on_paper(page: Page, site_dir: Path, base_url: str, folder: str) -> None:
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's text width
    seen, cut = cut_listings(page, base_url, pages_with(site_dir, folder, 'class="highlight"'))
    print(f"{folder} print: {seen} code blocks, {len(cut)} cut")
    assert seen >= 100
    assert cut == []


def test_a_wrapped_line_copies_as_written(browser: Browser, base_url: str) -> None:
    """The longest line of Listing 3 wraps on a laptop, and its copy button gives the script's lines."""
    context = browser.new_context(
        viewport={"width": WIDTHS["laptop"], "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(f"{base_url}/en/original.html")
    raising = page.locator("div.execdocs-example", has=page.locator("div.execdocs-raises")).first
    listing = raising.locator("div.execdocs-source pre").first
    line = listing.locator("span.execdocs-line", has_text="initializer=initializer").first
    assert len(line.evaluate("l => [...l.getClientRects()]")) >= 1
    boxes = line.evaluate("l => l.getBoundingClientRect().height / parseFloat(getComputedStyle(l).lineHeight)")
    assert boxes > 1.5, "the line was expected to wrap at this width"
    listing.hover()
    raising.locator("div.execdocs-source button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    script = (ROOT / "examples/03_get_variable_same_name.py").read_text("utf-8").splitlines()
    code = [text for text in copied.splitlines() if text.strip() and not text.lstrip().startswith("#")]
    assert code and all(text in script for text in code), "the copy is not the script's lines"
    assert any("initializer=initializer" in text and text in script for text in code)
    context.close()


# Every place where a code chip in a table goes on to a new line, with the characters around it.
_CHIP_BREAKS = """() => {
  const chips = [...document.querySelectorAll('article table code')].filter(c => c.getClientRects().length);
  const breaks = [];
  let outside = 0;
  for (const code of chips) {
    // A break may come at a space, or where the page marks one between two words (<wbr>).
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let top = null, before = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === 'WBR') before = ' ';
        continue;
      }
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i];
        const part = document.createRange();
        part.setStart(node, i);
        part.setEnd(node, i + 1);
        const rect = [...part.getClientRects()].find(r => r.width > 0);
        if (rect && !/\\s/.test(ch)) {
          if (top !== null && rect.top > top + 2 && !/\\s/.test(before)) {
            breaks.push(code.textContent.slice(0, i) + ' | ' + node.data.slice(i));
          }
          top = rect.top;
        }
        before = ch;
      }
    }
    const cell = code.closest('td, th');
    if (code.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1) outside += 1;
  }
  return {chips: chips.length, breaks, outside};
}"""


@pytest.mark.parametrize("width", ["desk", "laptop", "phone"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_code_in_tables_breaks_only_between_words(sized: Page, site_dir: Path, base_url: str, folder, width):
    chips, broken, outside = 0, [], 0
    for path in pages_with(site_dir, folder, "<table"):
        sized.goto(f"{base_url}/{path}")
        found = sized.evaluate(_CHIP_BREAKS)
        chips += found["chips"]
        outside += found["outside"]
        broken += [f"{path}: {text}" for text in found["breaks"]]
    print(f"{folder} {width}: {chips} code chips in tables, {len(broken)} broken inside a word, {outside} past a cell")
    assert chips >= 30
    assert broken == []
    assert outside == 0


@pytest.mark.parametrize("folder", LANGUAGES)
def test_landing_table_columns_fit_their_code(page: Page, base_url: str, folder: str) -> None:
    """Column ① holds a variable's name on one line: the first column does not take its room."""
    page.set_viewport_size({"width": WIDTHS["desk"], "height": 900})
    page.goto(f"{base_url}/{folder}/index.html")
    table = page.locator("article div.execdocs-output table").first
    widths = table.evaluate(
        """t => [...t.querySelectorAll('tbody tr')].map(row => [...row.cells].map(cell => {
             const codes = [...cell.querySelectorAll('code')];
             return {cell: cell.clientWidth, lines: codes.map(c => c.getClientRects().length)};
           }))"""
    )
    for row in widths:
        first_call = row[2]  # ①: the name the first call gave
        assert first_call["lines"] == [1], f"a name in column ① takes {first_call['lines']} lines"


# The entries of the page's contents, and the box they are shown in.
_CONTENTS = """() => {
  const nav = document.querySelector('#pst-page-toc-nav');
  if (!nav || !nav.getClientRects().length) return null;
  const column = nav.closest('.bd-sidebar-secondary') || nav;
  const right = Math.min(column.getBoundingClientRect().right, innerWidth);
  const links = [...nav.querySelectorAll('a')].filter(a => a.getClientRects().length);
  const outside = links.filter(a => a.getBoundingClientRect().right > right + 1).map(a => a.textContent.trim());
  // Vertical rules between the text and the contents: left borders of the column and what is in it.
  const rules = [column, ...column.querySelectorAll('*')].filter(e => {
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    return e.getClientRects().length && box.height > 40 && style.display !== 'inline'
      && style.borderLeftStyle !== 'none' && parseFloat(style.borderLeftWidth) > 0
      && !/rgba\\(.*, 0\\)$/.test(style.borderLeftColor);
  }).length;
  return {links: links.length, outside, scrolls: column.scrollWidth > column.clientWidth + 1, rules};
}"""


@pytest.mark.parametrize("folder", LANGUAGES)
def test_contents_entries_stay_in_view(page: Page, site_dir: Path, base_url: str, folder: str) -> None:
    page.set_viewport_size({"width": WIDTHS["desk"], "height": 900})
    checked, outside, rules = 0, [], set()
    for path in pages_of(site_dir, folder):
        page.goto(f"{base_url}/{path}")
        found = page.evaluate(_CONTENTS)
        if found is None:
            continue
        checked += found["links"]
        outside += [f"{path}: {name}" for name in found["outside"]]
        if found["scrolls"]:
            outside.append(f"{path}: the contents column scrolls sideways")
        rules.add(found["rules"])
    print(f"{folder}: {checked} contents entries, {len(outside)} past the column; rules beside it: {rules}")
    assert checked >= 50
    assert outside == []
    assert rules == {1}, f"vertical rules beside the contents: {rules}"


# Each picture's words: where they are, how large they are drawn, and their colour against what
# lies behind them (the first ancestor with a background colour).
_PICTURE_TEXT = """() => [...document.querySelectorAll('svg.execdocs-picture')].map(svg => {
  const frame = svg.parentElement;
  const texts = [...svg.querySelectorAll('text')].filter(t => t.getClientRects().length);
  let background = 'rgba(0, 0, 0, 0)';
  for (let e = svg.parentElement; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') { background = colour; break; }
  }
  return {
    frame: {scrolls: frame.scrollWidth > frame.clientWidth + 1, right: frame.getBoundingClientRect().right},
    background,
    texts: texts.map(t => {
      const box = t.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      return {text: t.textContent, left: box.left, right: box.right, size, fill: getComputedStyle(t).fill};
    }),
  };
})"""


@pytest.mark.parametrize("width", ["phone"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_pictures_are_whole_and_legible_on_a_phone(sized: Page, site_dir: Path, base_url: str, folder, width):
    viewport = WIDTHS[width]
    pictures, problems = 0, []
    for path in pages_with(site_dir, folder, 'class="execdocs-picture-frame"'):
        sized.goto(f"{base_url}/{path}")
        for picture in sized.evaluate(_PICTURE_TEXT):
            pictures += 1
            if picture["frame"]["scrolls"]:
                problems.append(f"{path}: the picture scrolls sideways")
            for text in picture["texts"]:
                if text["left"] < -1 or text["right"] > viewport + 1:
                    problems.append(f"{path}: {text['text']!r} is off screen")
                if text["size"] < 11:
                    problems.append(f"{path}: {text['text']!r} is drawn at {text['size']:.1f} px")
    print(f"{folder} {width}: {pictures} pictures, {len(problems)} problems")
    assert pictures >= 2
    assert problems == []


def _rgb(colour: str) -> tuple[float, ...]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    return tuple(numbers[:3]) + ((numbers[3],) if len(numbers) > 3 else (1.0,))


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio; a translucent foreground is laid over the background first."""
    back = _rgb(background)
    fore = _rgb(foreground)
    alpha = fore[3]
    mixed = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fore[:3], back[:3], strict=True))
    light, dark = sorted((_luminance(mixed), _luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("folder", LANGUAGES)
def test_every_word_of_a_picture_has_contrast(browser: Browser, site_dir: Path, base_url: str, folder, scheme):
    context = browser.new_context(viewport={"width": WIDTHS["desk"], "height": 900}, color_scheme=scheme)
    page = context.new_page()
    words, faint = 0, []
    for path in pages_with(site_dir, folder, 'class="execdocs-picture-frame"'):
        page.goto(f"{base_url}/{path}")
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        for picture in page.evaluate(_PICTURE_TEXT):
            for text in picture["texts"]:
                words += 1
                ratio = contrast(text["fill"], picture["background"])
                if ratio < 4.5:
                    faint.append(
                        f"{path}: {text['text'][:40]!r} {text['fill']} on {picture['background']}: {ratio:.2f}"
                    )
    context.close()
    print(f"{folder} {scheme}: {words} words in pictures, {len(faint)} below 4.5:1")
    assert words >= 40
    assert faint == []


def test_picture_label_stands_off_its_bar(page: Page, base_url: str) -> None:
    """The label above a picture starts as far from the coloured bar as an output's label does."""
    page.set_viewport_size({"width": WIDTHS["desk"], "height": 900})
    page.goto(f"{base_url}/en/reuse.html")
    gaps = page.evaluate(
        """() => ['.execdocs-figure', 'div.execdocs-output'].map(selector => {
             const box = document.querySelector(selector);
             const label = box.querySelector('p.execdocs-output-label');
             const bar = box.getBoundingClientRect().left + parseFloat(getComputedStyle(box).borderLeftWidth);
             return label.getBoundingClientRect().left - bar;
           })"""
    )
    figure, output = gaps
    assert figure >= 8, f"the picture's label is {figure:.1f} px from its bar"
    assert abs(figure - output) <= 2


# Every line of a listing with the number the reader sees beside it (none when it has no number).
_NUMBERED = """pre => [...pre.querySelectorAll('span.execdocs-line')].length
  ? [...pre.querySelectorAll('span.execdocs-line')].map(line => ({
      label: line.dataset.line === undefined ? null : getComputedStyle(line, '::before').content.replace(/"/g, ''),
      text: line.textContent.replace(/\\n$/, ''),
    }))
  : pre.textContent.replace(/\\n$/, '').split('\\n').map(text => ({label: null, text}))"""


@pytest.mark.parametrize("folder", LANGUAGES)
def test_2017_listings_are_numbered_like_their_tracebacks(browser: Browser, base_url: str, folder: str) -> None:
    context = browser.new_context(
        viewport={"width": WIDTHS["desk"], "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(f"{base_url}/{folder}/original.html")
    boxes = page.locator("div.execdocs-listing-runs").all()
    assert len(boxes) >= 5
    listings, cited, unnumbered, wrong = 0, 0, [], []
    for box in boxes:
        listing = box.locator("div.execdocs-source pre").first
        lines = listing.evaluate(_NUMBERED)
        listings += 1
        if any(line["label"] is None for line in lines):
            unnumbered.append(lines[0]["text"])
            continue
        labelled = {line["label"]: line["text"] for line in lines}
        assert list(labelled) == [str(n) for n in range(1, len(lines) + 1)]
        for output in box.locator("div.execdocs-output pre").all_inner_texts():
            for script, number, code in re.findall(
                r'File "(examples/original/[^"]+)", line (\d+), in \S+\n {4}(.*)\n', output
            ):
                source = (ROOT / script).read_text("utf-8").splitlines()
                cited += 1
                if labelled.get(number, "").strip() != code.strip() or source[int(number) - 1].strip() != code.strip():
                    wrong.append(f"{script} line {number}: {code.strip()!r}, labelled {labelled.get(number)!r}")
    print(f"{folder}: {listings} listings, {len(unnumbered)} without numbers, {cited} cited lines, {len(wrong)} wrong")
    assert unnumbered == []
    assert cited >= 3
    assert wrong == []
    # The copy button gives the article's code as printed, without the numbers.
    first = page.locator("div.execdocs-listing-runs").first
    first.locator("div.execdocs-source pre").first.hover()
    first.locator("div.execdocs-source button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (ROOT / "examples/original/01_listing_1.py").read_text("utf-8").rstrip("\n")
    context.close()
