"""What the example directive puts in front of a reader: numbered listings, whole output lines, one
provenance line, downloads that match the page, and its words in the page's language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from bs4 import BeautifulSoup

from execdocs.core.runner import sha256_of
from tests.util import build, copy_root


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path / "basic")


@pytest.fixture(scope="module")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project built once, for the tests that only read what it built."""
    project = copy_root("basic", tmp_path_factory.mktemp("built") / "basic")
    app = build(project)
    assert app.statuscode == 0, app.warning.getvalue()
    return project


def soup_of(project: Path, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup((project / f"_build/html/{page}.html").read_text(encoding="utf-8"), "html.parser")


def numbered_lines(block) -> list[tuple[int, str]]:
    """(label, text) of every line of a listing, as the reader sees them side by side."""
    pre = block.select_one("pre")
    labels = [int(span["data-line"]) for span in pre.select("span.execdocs-line[data-line]")]
    lines = pre.get_text().rstrip("\n").split("\n")
    assert len(labels) == len(lines)
    return list(zip(labels, lines, strict=True))


def test_listing_shows_the_script_line_numbers_and_marks_hidden_lines(built_basic: Path) -> None:
    first, second = soup_of(built_basic).select("div.execdocs-example")[0].select("div.execdocs-source")
    # Line 4 of cells.py is the Chinese comment: an English reader does not see it, and the
    # numbers say so.
    assert [label for label, _ in numbered_lines(first)] == [1, 2, 3, 5, 6]
    assert numbered_lines(first)[3] == (5, 'print("name:0")')
    gap = first.select("span.execdocs-gap")
    assert [span["data-line"] for span in gap] == ["5"] and gap[0]["title"] == "line 4 is not shown"
    assert [label for label, _ in numbered_lines(second)] == [8, 10, 11]


def test_every_cited_traceback_line_is_the_line_labelled_so(built_basic: Path) -> None:
    example = soup_of(built_basic).select("div.execdocs-example")[1]
    listing = dict(numbered_lines(example.select_one("div.execdocs-source")))
    traceback = example.select_one("div.execdocs-raises pre").get_text()
    cited = re.findall(r'File "examples/raises\.py", line (\d+), in \S+\n {4}(.*)\n', traceback)
    assert len(cited) == 2
    for number, code in cited:
        assert listing[int(number)].strip() == code.strip()


def test_excerpt_keeps_the_script_numbers_and_code_can_be_folded(basic: Path) -> None:
    other = basic / "other.md"
    other.write_text(
        other.read_text(encoding="utf-8")
        + "\n```{example} examples/cells.py\n:cells: 2\n```\n\n```{example} examples/cells.py\n:code: folded\n```\n",
        encoding="utf-8",
    )
    app = build(basic)
    assert app.warning.getvalue() == ""
    excerpt, folded = soup_of(basic, "other").select("div.execdocs-example")[1:]
    assert [label for label, _ in numbered_lines(excerpt.select_one("div.execdocs-source"))] == [8, 10, 11]
    children = [child.name + "." + child["class"][0] for child in folded.find_all(recursive=False)]
    assert children == ["div.execdocs-output", "div.execdocs-output", "details.execdocs-code-fold", "p.execdocs-meta"]
    assert folded.select_one("details > summary").get_text() == "The script that printed this"


def test_one_provenance_line_and_differences_behind_a_disclosure(basic: Path) -> None:
    script = basic / "examples/cells.py"
    report = {
        "format": 1,
        "runs": [{"label": label, "versions": {}} for label in ("0.9.0", "1.0.0", "2.0.0")],
        "examples": {
            "examples/cells.py": {
                "sha256": sha256_of(script),
                "results": {
                    "0.9.0": {"status": "not applicable"},
                    "1.0.0": {
                        "status": "differs",
                        "detail": "--- examples/cells.py (committed)\n+++ examples/cells.py (this run)\n"
                        "@@ -1 +1 @@\n-name:0\n+name:1\n",
                    },
                    "2.0.0": {"status": "same"},
                },
            }
        },
    }
    (basic / "compat.json").write_text(json.dumps(report), encoding="utf-8")
    build(basic, execdocs_compat_report="compat.json")
    example = soup_of(basic).select("div.execdocs-example")[0]
    meta = example.select("p.execdocs-meta")
    assert len(meta) == 1
    text = meta[0].get_text()
    assert "same on 2.0.0" in text and "differs on 1.0.0" in text and "does not apply to 0.9.0" in text
    details = example.select("details.execdocs-compat")
    assert len(details) == 1 and details[0].get("open") is None
    assert details[0].select_one("summary").get_text() == "differs on TensorFlow 1.0.0"
    body = details[0].get_text()
    assert "(committed)" not in body and "(this run)" not in body
    assert "lines marked + are what TensorFlow 1.0.0 prints instead" in body


def test_downloads_match_the_page_language_and_hold_the_outputs(basic: Path) -> None:
    build(basic, language="zh_CN")
    example = soup_of(basic).select("div.execdocs-example")[0]
    assert example.select_one("p.execdocs-output-label").get_text() == "输出"
    meta = example.select_one("p.execdocs-meta")
    assert meta.get_text().startswith("用 TensorFlow ")
    links = {a.get_text(): a["href"] for a in meta.select("a[download]")}
    assert set(links) == {"完整脚本", "Jupyter Notebook"}
    script = (basic / "_build/html" / links["完整脚本"]).read_text(encoding="utf-8")
    assert "# 第一个单元。" in script and "The first cell" not in script and "# zh:" not in script
    assert script.count("# %%") == 1  # the cells, in the percent format Jupytext reads
    notebook = nbformat.read(basic / "_build/html" / links["Jupyter Notebook"], as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source.splitlines()[0] for cell in code] == ["import helper", "# 第二个单元。"]
    assert [cell.outputs[0].text for cell in code] == ["name:0\nhello from a local module\n", "values [1.0, 2.0]\n"]
    raises = nbformat.read(basic / "_build/html/_examples/examples/raises.ipynb", as_version=4)
    error = raises.cells[-1].outputs[-1]
    assert error.output_type == "error" and error.ename == "ValueError" and error.evalue == "bad value: 3"


@pytest.mark.parametrize("module", ["execdocs.labels", "release_pages"])
def test_labels_come_from_the_shipped_catalogue(module: str) -> None:
    from importlib import import_module

    from babel.messages.pofile import read_po

    words = import_module(module)
    catalogues = list(words.LOCALE_DIR.glob(f"*/LC_MESSAGES/{words.CATALOG}.po"))
    assert catalogues
    for po in catalogues:
        with po.open("rb") as stream:
            catalogue = read_po(stream)
        translated = {message.id: message.string for message in catalogue if message.id}
        missing = [english for english in words.MESSAGES.values() if not translated.get(english)]
        assert missing == [], f"{po}: untranslated {missing}"
        unused = sorted(set(translated) - set(words.MESSAGES.values()))
        assert unused == [], f"{po}: no longer used {unused}"
        for english, local in translated.items():
            assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", local)), po


def test_the_extensions_words_name_no_library_and_conf_py_names_it(basic: Path) -> None:
    from execdocs.labels import LOCALE_DIR, MESSAGES

    catalogues = "".join(po.read_text(encoding="utf-8") for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    assert [word for word in MESSAGES.values() if "TensorFlow" in word] == []
    assert "TensorFlow" not in catalogues
    conf = basic / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace("TensorFlow", "NumPy"), encoding="utf-8")
    app = build(basic, execdocs_provenance=["numpy"])
    assert app.statuscode == 0, app.warning.getvalue()
    meta = soup_of(basic).select_one("p.execdocs-meta").get_text()
    assert re.match(r"Run with NumPy \d+\.\d+\.\d+ and Python", meta), meta


def test_shown_lines_keep_their_script_numbers() -> None:
    from execdocs.core.cells import localized_source, show_cell, split_cells

    source = "a = 1\n# en: One.\n# zh: 一。\nb = 2\n# %%\nc = 3\n"
    first, second = split_cells(source)
    assert show_cell(source.splitlines(), first, "zh").numbers == (1, 3, 4)
    assert show_cell(source.splitlines(), second, "en").numbers == (6,)
    assert show_cell(source.splitlines(), first, "en", selected={2, 4}).numbers == (2, 4)
    assert localized_source(source, "zh") == "a = 1\n# 一。\nb = 2\n# %%\nc = 3\n"


def _add_page(project: Path, name: str, text: str) -> None:
    """A page of its own, linked from the index so that it is read and written."""
    (project / f"{name}.md").write_text(text, encoding="utf-8")
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n```{{toctree}}\n{name}\n```\n", encoding="utf-8")


def test_downloads_are_keyed_by_the_script_path_quoted_and_may_hold_a_space(basic: Path) -> None:
    scripts = {
        "examples/a/show.py": "a",
        "examples/b/show.py": "b",
        "examples/x#1.py": "hash",
        "examples/my ex.py": "sp",
    }
    blocks = []
    for relpath, word in scripts.items():
        script = basic / relpath
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(f"print('printed by {word}')\n", encoding="utf-8")
        script.with_suffix(".out").write_text(f"printed by {word}\n", encoding="utf-8")
        blocks.append(f"```{{example}} {relpath}\n```\n")
    _add_page(basic, "same-names", "# Same names\n\n" + "\n".join(blocks))
    app = build(basic)
    assert app.statuscode == 0, app.warning.getvalue()
    examples = soup_of(basic, "same-names").select("div.execdocs-example")
    assert len(examples) == 4
    for example, (relpath, word) in zip(examples, scripts.items(), strict=True):
        assert example.select("div.execdocs-output pre")[0].get_text() == f"printed by {word}\n"
        href = example.select_one("a.execdocs-download-py")["href"]
        assert "#" not in href and " " not in href, href
        # The link leads, as a browser resolves it, to this script's own code and output.
        target = basic / "_build/html" / unquote(href)
        assert f"printed by {word}" in target.read_text(encoding="utf-8"), relpath
        notebook = nbformat.read(target.with_suffix(".ipynb"), as_version=4)
        assert notebook.cells[-1].outputs[0].text == f"printed by {word}\n"


def test_a_latin1_example_is_shown_and_downloaded_as_python_reads_it(basic: Path) -> None:
    script = basic / "examples/latin.py"
    script.write_bytes(b"# -*- coding: latin-1 -*-\nprint('caf\xe9')\n")
    script.with_suffix(".out").write_text("café\n", encoding="utf-8")
    _add_page(basic, "latin", "# Latin\n\n```{example} examples/latin.py\n```\n")
    app = build(basic)
    assert app.statuscode == 0, app.warning.getvalue()
    example = soup_of(basic, "latin").select_one("div.execdocs-example")
    assert "print('café')" in example.select_one("div.execdocs-source").get_text()
    href = example.select_one("a.execdocs-download-py")["href"]
    assert "print('café')" in (basic / "_build/html" / unquote(href)).read_text(encoding="utf-8")
