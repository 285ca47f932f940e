"""The allowlist a picture passes before it is inlined (execdocs/sanitize.py), through render_picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from execdocs.images import ImageError, render_picture
from execdocs.sanitize import sanitize_svg
from tests.xss_corpus import SVG_HEAD, as_picture, corpus_pictures

REPOSITORY = Path(__file__).resolve().parent.parent

# (name, body of the picture, words the refusal must hold)
REFUSED = [
    ("script upper case", "<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT> is not allowed"),
    ("script lower case", "<script>alert(1)</script>", "<script> is not allowed"),
    ("script in no namespace", '<script xmlns="">alert(1)</script>', "<script> is not allowed"),
    ("script in the HTML namespace", '<h:script xmlns:h="http://www.w3.org/1999/xhtml"/>', "is not allowed"),
    ("event attribute upper case", '<rect ONLOAD="alert(1)"/>', "'ONLOAD'"),
    ("event attribute", '<rect onclick="alert(1)"/>', "'onclick'"),
    ("javascript link", '<a href="javascript:alert(1)"><text>x</text></a>', "<a> is not allowed"),
    ("style element", "<style>body{display:none}</style>", "<style> is not allowed"),
    ("style attribute", '<rect style="fill:red"/>', "use presentation attributes"),
    ("outside image", '<image href="http://example.com/a.png"/>', "<image> is not allowed"),
    ("foreignObject", "<foreignObject><p>x</p></foreignObject>", "<foreignObject> is not allowed"),
    ("HTML element breaking out", '<img src="x"/>', "<img> is not allowed"),
    ("animation rewriting a link", '<set attributeName="href" to="javascript:alert(1)"/>', "<set> is not allowed"),
    ("use of another document", '<use href="other.svg#a"/>', "only point inside the picture"),
    ("use of a data URL", '<use xlink:href="data:image/svg+xml,&lt;svg/&gt;"/>', "only point inside the picture"),
    ("outside url in fill", '<rect fill="url(http://example.com/x)"/>', "url() it may only point inside"),
    ("outside url quoted", "<rect filter=\"url('//example.com/x')\"/>", "'filter'"),
    ("outside url in a marker", '<path marker-end="url(https://example.com/#m)"/>', "url() it may only point"),
    # CSS reads an unclosed url( to the end of the value, and a browser fetches it.
    ("outside url never closed", '<rect fill="url(http://example.com/x.svg#p"/>', "url() it may only point inside"),
    ("own id, never closed", '<defs><g id="p"/></defs><rect fill="url(#p"/>', "url() it may only point inside"),
    ("outside url after a colour", '<rect fill="red url(http://example.com/x)"/>', "url() it may only point inside"),
    ("a function after a word", '<rect fill="x image(http://x/)"/>', "image is not one of"),
    ("url in another case", '<rect fill="URL( http://example.com/x )"/>', "url() it may only point inside"),
    ("url spelt with a CSS escape", '<rect fill="u\\72l(http://x/)"/>', "'\\\\' has no place"),
    ("CSS function", '<rect fill="image(http://x/)"/>', "image is not one of"),
    ("expression", '<rect fill="expression(alert(1))"/>', "expression is not one of"),
    ("import in a value", '<rect fill="@import x"/>', "'@' has no place"),
    ("a reference to the page", '<use href="#main-content"/>', "only point inside the picture"),
    ("a url() to the page", '<rect fill="url(#page-gradient)"/>', "url() it may only point inside"),
    ("a class of the page", '<rect class="bd-sidebar"/>', "only the classes accent, muted"),
    ("an id that is not a name", '<rect id="a b"/>', "an id is a letter"),
    ("markup in a title", '<title systemLanguage="en"><tspan>x</tspan></title>', "may hold text only"),
    ("nested svg", "<svg/>", "<svg> is not allowed"),
    ("deep nesting", "<g>" * 70 + "</g>" * 70, "nest deeper than 64"),
]


@pytest.mark.parametrize(("body", "words"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused_with_what_to_do(body: str, words: str) -> None:
    with pytest.raises(ImageError) as error:
        render_picture(as_picture(body), "en", "p-")
    assert words in str(error.value)


DOCUMENTS = [
    ("DTD with entities", '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DTD"),
    ("external entity", '<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', "DTD"),
    ("not XML", "<svg onload=alert(1)>", "not well-formed XML"),
    ("root not svg", '<html xmlns="http://www.w3.org/1999/xhtml"/>', "its root element is"),
    ("svg in no namespace", "<svg/>", "not <svg> in the SVG namespace"),
]


@pytest.mark.parametrize(("text", "words"), [case[1:] for case in DOCUMENTS], ids=[case[0] for case in DOCUMENTS])
def test_documents_refused(text: str, words: str) -> None:
    with pytest.raises(ImageError) as error:
        render_picture(text, "en", "p-")
    assert words in str(error.value)


def test_refusal_names_the_line() -> None:
    with pytest.raises(ImageError, match=r"^line 3: <script>"):
        render_picture(f"{SVG_HEAD}\n<g>\n<script/></g></svg>", "en", "p-")


ALLOWED = [
    ("local marker", '<defs><marker id="m"><path d="M0,0 L1,1"/></marker></defs><line marker-end="url(#m)"/>'),
    (
        "quoted local url",
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><rect fill="url(\'#g\')"/>',
    ),
    ("use of a local shape", '<defs><rect id="r" width="1" height="1"/></defs><use href="#r" x="2"/>'),
    ("theme classes", '<rect class="accent muted" fill="currentColor" transform="translate(1 2) rotate(3)"/>'),
    ("text", '<text x="1" y="2" font-family="monospace" fill="rgb(1,2,3)">a &lt;b&gt; &amp;</text>'),
]


@pytest.mark.parametrize("body", [case[1] for case in ALLOWED], ids=[case[0] for case in ALLOWED])
def test_static_drawing_is_kept(body: str) -> None:
    picture = render_picture(as_picture(body), "en", "p-")
    assert picture.title == "vector"
    kept = ET.fromstring(picture.markup)
    written = ET.fromstring(as_picture(body))
    # Every element and attribute of the drawing is kept (ids get the page's prefix).
    assert [e.tag for e in kept.iter()] == [e.tag for e in written.iter() if e.get("systemLanguage") != "zh"]


def _tree(element: ET.Element) -> list[tuple]:
    return [(e.tag, dict(e.attrib), e.text, e.tail) for e in element.iter()]


@pytest.mark.parametrize("name", ["49_seven_cases_diagram.seven_cases.svg", "50_siamese_diagram.siamese.svg"])
def test_site_diagrams_pass_unchanged(name: str) -> None:
    text = (REPOSITORY / "examples" / name).read_text(encoding="utf-8")
    assert _tree(ET.fromstring(sanitize_svg(text))) == _tree(ET.fromstring(text))
    for language in ("en", "zh"):
        assert render_picture(text, language, "p-").title


def test_no_corpus_vector_brings_markup_into_a_picture() -> None:
    """Each vector of the public corpus is refused, or is kept as words only (no element or attribute)."""
    pictures = corpus_pictures()
    assert len(pictures) > 1000
    kept = 0
    for name, text in pictures.items():
        try:
            picture = render_picture(text, "en", "p-")
        except ImageError:
            continue
        kept += 1
        root = ET.fromstring(picture.markup)
        assert [e.tag.split("}")[1] for e in root.iter()] == ["svg", "title"], name
        assert set(root.attrib) == {"width", "height", "role", "aria-labelledby", "class"}, name
    assert 0 < kept < len(pictures)


def test_the_call_scan_finds_every_call_the_plain_pattern_finds() -> None:
    """The sanitizer's call pattern is written to run in one pass (tests/test_patterns.py); it must
    find, at the same places, the calls that the plain ``([A-Za-z_-]*)\\s*\\(`` finds."""
    import random
    import re

    from execdocs.sanitize import _CALL

    plain = re.compile(r"([A-Za-z_-]*)\s*\(")
    generator = random.Random(3)
    for _ in range(100_000):
        text = "".join(generator.choice("ab-_ (\t)#,1") for _ in range(generator.randint(0, 14)))
        expected = [(m.start(), m[1]) for m in plain.finditer(text)]
        assert [(m.start(), m[1]) for m in _CALL.finditer(text)] == expected, repr(text)
