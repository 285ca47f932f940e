"""Pictures an example draws (``:image:``): inlined in the reader's language, cached, checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from execdocs.__main__ import main as execdocs_main
from execdocs.images import ImageError, render_picture
from tests.util import build, copy_root, summary


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    return copy_root("picture", tmp_path / "picture")


def figure(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.execdocs-figure")[0]


def test_picture_is_inlined_with_its_title_in_the_readers_language(picture: Path) -> None:
    app = build(picture)
    assert app.statuscode == 0, app.warning.getvalue()
    assert app.warning.getvalue() == ""
    box = figure(picture / "_build/html/index.html")
    assert box.select("p.execdocs-output-label")[0].get_text() == "Picture drawn by the script"
    svg = box.select("svg.execdocs-picture")[0]
    title = svg.find("title")
    assert svg["role"] == "img" and svg["aria-labelledby"] == title["id"]
    assert title.get_text() == "2 boxes in a row"
    assert [text.get_text() for text in svg.find_all("text")] == ["boxes"]
    assert "systemlanguage" not in str(svg).lower() and "方框" not in str(svg)
    # Ids are made unique on the page, and the references follow them.
    marker = svg.find("marker")["id"]
    assert marker != "head" and svg.find("line")["marker-end"] == f"url(#{marker})"

    chinese = copy_root("picture", picture.parent / "picture-zh")
    app = build(chinese, language="zh_CN")
    assert app.statuscode == 0, app.warning.getvalue()
    box = figure(chinese / "_build/html/index.html")
    assert box.select("p.execdocs-output-label")[0].get_text() == "脚本画出的图"
    svg = box.select("svg.execdocs-picture")[0]
    assert svg.find("title").get_text() == "一排 2 个方框"
    assert [text.get_text() for text in svg.find_all("text")] == ["方框"]


def test_picture_comes_from_the_cache_on_the_next_build(picture: Path) -> None:
    build(picture)
    first = figure(picture / "_build/html/index.html")
    (picture / "index.md").write_text((picture / "index.md").read_text() + "\nMore text.\n")
    app = build(picture)
    assert summary(app) == "examples: 0 run, 1 cached, 0 failed"
    assert str(figure(picture / "_build/html/index.html")) == str(first)


def test_changed_picture_is_reported_until_its_copy_is_committed(picture: Path) -> None:
    build(picture)
    script = picture / "examples/draw.py"
    script.write_text(script.read_text().replace("BOXES = 2", "BOXES = 3"))
    (picture / "index.md").write_text((picture / "index.md").read_text().replace("2 boxes", "3 boxes"))
    app = build(picture)
    warnings = app.warning.getvalue()
    assert "index.md" in warnings and "boxes.svg differs from draw.boxes.svg" in warnings
    # The page shows what the script drew now, not the committed copy.
    assert figure(picture / "_build/html/index.html").find("title").get_text() == "3 boxes in a row"

    assert execdocs_main(["update-expected", str(script), "--root", str(picture)]) == 0
    assert "3 boxes in a row" in (picture / "examples/draw.boxes.svg").read_text()
    app = build(picture)
    assert app.warning.getvalue() == ""


def test_picture_the_script_did_not_write_fails_with_a_located_message(picture: Path) -> None:
    page = picture / "index.md"
    page.write_text(page.read_text().replace(":image: boxes.svg", ":image: box.svg"))
    app = build(picture)
    warnings = app.warning.getvalue()
    assert "index.md:5" in warnings
    assert "example examples/draw.py wrote no box.svg (:image:); it wrote: boxes.svg" in warnings
    assert app.statuscode != 0 or "execdocs-failed" in (picture / "_build/html/index.html").read_text()


def test_a_picture_no_longer_drawn_is_reported(picture: Path) -> None:
    script = picture / "examples/draw.py"
    script.write_text(script.read_text().replace('Path("boxes.svg")', 'Path("row.svg")'))
    (picture / "index.md").write_text((picture / "index.md").read_text().replace("boxes.svg", "row.svg"))
    warnings = build(picture).warning.getvalue()
    assert "draw.boxes.svg is committed, but the script no longer writes boxes.svg" in warnings
    assert "the script writes row.svg, but draw.row.svg is not committed" in warnings


TITLED = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><title systemLanguage="en">A</title>{}</svg>'


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        ("<svg", "not well-formed XML"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "not <svg>"),
        (TITLED.format("<script>alert(1)</script>"), "<script> is not allowed"),
        (TITLED.format('<rect onclick="x()"/>'), "the attribute 'onclick'"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><title systemLanguage="zh">甲</title></svg>', "no <title> for"),
    ],
)
def test_pictures_that_cannot_be_shown_are_refused(svg: str, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        render_picture(svg, "en", "p-")


def test_words_for_other_languages_are_dropped() -> None:
    svg = TITLED.format('<text systemLanguage="zh">甲</text><text systemLanguage="en,fr">A</text><text>x</text>')
    picture = render_picture(svg, "en", "p-")
    assert picture.title == "A"
    assert "甲" not in picture.markup and ">A</text><text>x</text>" in picture.markup
