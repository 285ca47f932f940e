"""Pictures drawn from a public corpus of XSS vectors, shown in Chromium: nothing in them runs, no
request leaves the site, and the page keeps its style."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import watch
from tests.lighthouse import LocalHost
from tests.util import build, copy_root
from tests.xss_corpus import as_picture, markup_pictures

# Pictures per script: the scripts run apart, each page directive shows one picture.
PER_SCRIPT = 20
# Vectors of the page's own style and of outside requests, next to the corpus's.
OWN = [
    "<style>body{display:none}h1{color:rgb(1,2,3)}</style>",
    '<image href="http://outside.test/a.png" width="1" height="1"/>',
    '<rect width="1" height="1" fill="url(http://outside.test/f.svg#x)"/>',
    '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"></iframe></foreignObject>',
]
# Calls that show a script ran: each is replaced before any script of a page or frame runs.
SENTINEL = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss.push(name); console.error("__xss " + name + " " + args.join(" ")); };
}
"""
# Everything inside the pictures is hovered, clicked and focused: vectors that wait for the reader.
INTERACT = """() => {
  for (const element of document.querySelectorAll(".execdocs-figure *")) {
    for (const type of ["mouseover", "mouseenter", "click", "focus", "animationstart"]) {
      element.dispatchEvent(new MouseEvent(type, {bubbles: true}));
    }
  }
}"""
# Resolves once the page has drawn two frames and run the tasks queued before them.
TURN = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))"
STYLE = """() => {
  const names = ["display", "visibility", "color", "background-color", "font-family", "font-size",
                 "position", "opacity", "transform", "filter", "margin-top", "width"];
  const pick = (element) => element ? names.map((name) => getComputedStyle(element)[name]) : null;
  const inPicture = [...document.styleSheets].filter((sheet) => sheet.ownerNode && sheet.ownerNode.closest("svg"));
  return {body: pick(document.body), h1: pick(document.querySelector("h1")),
          sheets: document.styleSheets.length, sheetsInPictures: inPicture.length};
}"""


def _page_of_pictures(root: Path, pictures: list[str]) -> int:
    """Scripts that draw ``pictures`` (their committed copies next to them) and a page showing each."""
    blocks = ["# Vectors\n"]
    for first in range(0, len(pictures), PER_SCRIPT):
        chunk = {f"{first + n:04d}.svg": text for n, text in enumerate(pictures[first : first + PER_SCRIPT])}
        script = root / f"examples/v{first // PER_SCRIPT:02d}.py"
        script.write_text(
            "from pathlib import Path\n\n"
            f"PICTURES = {json.dumps(chunk, ensure_ascii=False)}\n\n"
            "# %%\n"
            "for name, text in PICTURES.items():\n"
            '    Path(name).write_text(text, encoding="utf-8")\n'
            'print(f"drew {len(PICTURES)} pictures")\n',
            encoding="utf-8",
        )
        script.with_suffix(".out").write_text(f"drew {len(chunk)} pictures\n", encoding="utf-8")
        for name, text in chunk.items():
            script.with_name(f"{script.stem}.{name}").write_text(text, encoding="utf-8")
            blocks.append(f"```{{example}} examples/{script.name}\n:image: {name}\n:cells: 2\n:output: none\n```\n")
    (root / "vectors.md").write_text("\n".join(blocks), encoding="utf-8")
    return len(blocks) - 1


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The picture project with a page of the corpus vectors that carry markup (one of each shape), built and served."""
    root = copy_root("picture", tmp_path_factory.mktemp("xss") / "picture")
    shown = _page_of_pictures(root, markup_pictures() + [as_picture(body) for body in OWN])
    build(root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "_build/html"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = LocalHost(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", shown
    server.shutdown()


def test_corpus_pictures_run_nothing_fetch_nothing_and_restyle_nothing(
    browser: Browser, hostile_site: tuple[str, int]
) -> None:
    base, shown = hostile_site
    context = browser.new_context()
    context.add_init_script(SENTINEL)
    page: Page = context.new_page()
    traffic = watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    try:
        page.goto(f"{base}/index.html")
        baseline = page.evaluate(STYLE)

        # Every picture loaded and nothing more asked of the network: a vector that runs on its own
        # has run, or has started to take the page away, by then.
        page.goto(f"{base}/vectors.html", wait_until="networkidle")
        if page.url == f"{base}/vectors.html":
            page.evaluate(INTERACT)
            # What the events started (a task, a frame, a request, a navigation) has happened too.
            with contextlib.suppress(PlaywrightError):  # a page taken away is told below
                page.evaluate(TURN)
            page.wait_for_load_state("networkidle")
        ran = [text for text in traffic.errors if "__xss" in text]
        assert not ran and not dialogs, f"scripts ran: {ran[:5]} {dialogs[:5]}"
        assert not traffic.blocked, f"requests left the site: {traffic.blocked[:5]}"
        assert page.url == f"{base}/vectors.html", f"a picture navigated the page away, to {page.url}"
        assert page.evaluate("window.__xss") == []
        assert page.evaluate(STYLE) == baseline
        # Each picture is on the page, or refused in its place.
        assert page.locator("div.execdocs-figure, p.execdocs-failed").count() == shown
    finally:
        context.close()
