"""The extension inside real Sphinx builds of the tiny projects in tests/roots/."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.util import build, copy_root, log, summary


def outputs(html: Path) -> list[str]:
    """The text of every output block on a built page, in order."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [pre.get_text() for pre in soup.select("div.execdocs-output pre")]


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path / "basic")


@pytest.fixture(scope="module")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The test project built once, for the tests that only read what it built: the project and
    the build's warnings."""
    project = copy_root("basic", tmp_path_factory.mktemp("built") / "basic")
    app = build(project)
    assert app.statuscode == 0, app.warning.getvalue()
    return project, app.warning.getvalue()


def test_page_shows_each_cell_with_its_output(built_basic: tuple[Path, str]) -> None:
    basic, warnings = built_basic
    assert warnings == ""
    page = (basic / "_build/html/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    example = soup.select("div.execdocs-example")[0]
    blocks = [div["class"][0] for div in example.find_all("div", recursive=False)]
    assert blocks == ["execdocs-source", "execdocs-output", "execdocs-source", "execdocs-output"]
    assert outputs(basic / "_build/html/index.html")[:2] == [
        "name:0\nhello from a local module\n",
        "values [1.0, 2.0]\n",
    ]
    assert "# The first cell." in example.get_text() and "第一个单元" not in example.get_text()
    assert example.select("span.hll")[0].get_text() == "print(helper.GREETING)\n"
    meta = example.select("p.execdocs-meta")
    assert len(meta) == 1
    assert re.fullmatch(
        r"Run with TensorFlow \d+\.\d+\.\d+ and Python 3\.\d+\.\d+ · Download: whole script, notebook",
        meta[0].get_text(),
    )
    link = meta[0].select("a.download")[0]["href"]
    script = (basic / "_build/html" / link).read_text(encoding="utf-8")
    assert "# The first cell." in script and "第一个单元" not in script and "# en:" not in script


def test_expected_exception_is_shown_as_python_prints_it(built_basic: tuple[Path, str]) -> None:
    basic, _ = built_basic
    soup = BeautifulSoup((basic / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select("div.execdocs-raises")[0]
    assert box.select("p.execdocs-output-label")[0].get_text() == "Output (raises ValueError)"
    assert box.select("pre")[0].get_text() == (
        "Traceback (most recent call last):\n"
        '  File "examples/raises.py", line 5, in <module>\n'
        "    check(3)\n"
        "    ~~~~~^^^\n"
        '  File "examples/raises.py", line 2, in check\n'
        '    raise ValueError(f"bad value: {value}")\n'
        "ValueError: bad value: 3\n"
    )


def test_second_build_comes_from_the_cache(basic: Path) -> None:
    assert summary(build(basic)) == "examples: 3 run, 0 cached, 0 failed"
    again = build(basic, fresh=True)
    assert summary(again) == "examples: 0 run, 3 cached, 0 failed"
    assert outputs(basic / "_build/html/index.html")[0] == "name:0\nhello from a local module\n"


def test_noop_rebuild_reads_and_runs_nothing(basic: Path) -> None:
    build(basic)
    again = build(basic)
    assert summary(again) == "examples: 0 run, 0 cached, 0 failed"
    assert "reading sources... [" not in log(again)


def test_edited_script_reruns_alone_and_its_page_changes(basic: Path) -> None:
    build(basic)
    other = basic / "examples/other.py"
    other.write_text('print("edited")\n', encoding="utf-8")
    (basic / "examples/other.out").write_text("edited\n", encoding="utf-8")
    again = build(basic)
    assert summary(again) == "examples: 1 run, 0 cached, 0 failed", log(again)
    assert "reading sources... [100%] other" in log(again), log(again)
    assert "reading sources... [ 50%] index" not in log(again), log(again)
    assert outputs(basic / "_build/html/other.html") == ["edited\n"]


def test_editing_a_local_module_reruns_the_script_that_imports_it(basic: Path) -> None:
    build(basic)
    (basic / "examples/helper.py").write_text('GREETING = "changed"\n', encoding="utf-8")
    again = build(basic, fresh=True)
    assert summary(again) == "examples: 1 run, 2 cached, 0 failed"
    assert outputs(basic / "_build/html/index.html")[0] == "name:0\nchanged\n"


def test_damaged_cache_entry_is_run_again_never_shown(basic: Path) -> None:
    build(basic)
    for entry in (basic / "_build/execdocs-cache").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["result"]["cells"] = ["stale\n"]
        entry.write_text(json.dumps(data), encoding="utf-8")
    again = build(basic, fresh=True)
    assert summary(again) == "examples: 3 run, 0 cached, 0 failed"
    assert "stale\n" not in outputs(basic / "_build/html/index.html")


def test_examples_json_lists_what_the_pages_embed(built_basic: tuple[Path, str]) -> None:
    basic, _ = built_basic
    records = json.loads((basic / "_build/html/examples.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in records] == ["examples/cells.py", "examples/other.py", "examples/raises.py"]
    cells = records[0]
    assert set(cells) == {"path", "sha256", "output", "cells", "exception", "seconds", "provenance", "python"}
    assert cells["output"] == "name:0\nhello from a local module\nvalues [1.0, 2.0]\n"
    assert records[2]["exception"] == "ValueError"
    embedded = outputs(basic / "_build/html/index.html")
    assert "".join(embedded[:2]) == cells["output"]


def test_chinese_build_embeds_byte_identical_output(basic: Path) -> None:
    build(basic)
    english = outputs(basic / "_build/html/index.html")
    zh = copy_root("basic", basic.parent / "basic-zh")
    chinese_app = build(zh, language="zh_CN")
    assert chinese_app.statuscode == 0, chinese_app.warning.getvalue()
    assert outputs(zh / "_build/html/index.html") == english
    page = (zh / "_build/html/index.html").read_text(encoding="utf-8")
    assert "输出" in page and "# 第一个单元。" in page and "# The first cell." not in page


def test_quote_is_checked_in_the_translation_too(basic: Path) -> None:
    zh = copy_root("basic", basic.parent / "basic-zh")
    build(zh, language="zh_CN")
    page = (zh / "_build/html/index.html").read_text(encoding="utf-8")
    assert "脚本首先打印" in page and 'class="execdocs-quote' in page
    catalogue = zh / "locales/zh_CN/LC_MESSAGES/index.po"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("打印 {output}`name:0 <", "打印 {output}`name:9 <"), encoding="utf-8")
    later = catalogue.stat().st_mtime + 10  # Sphinx recompiles a catalogue newer than its .mo
    os.utime(catalogue, (later, later))
    from execdocs.catalogues import CatalogueError

    with pytest.raises(CatalogueError, match="no page was read or written"):  # the catalogue's check stops it
        build(zh, language="zh_CN", fresh=True)


def test_gettext_runs_nothing_and_keeps_outputs_out_of_catalogues(basic: Path) -> None:
    app = build(basic, buildername="gettext")
    assert app.statuscode == 0
    assert not (basic / "_build/execdocs-cache").exists()
    catalogue = (basic / "_build/gettext/index.pot").read_text(encoding="utf-8")
    assert "{output}`name:0 <examples/cells.py>`" in catalogue
    for text in ("hello from a local module", "values [1.0, 2.0]", "bad value: 3"):
        assert text not in catalogue


def test_mismatch_with_committed_output_is_reported_with_a_diff(basic: Path) -> None:
    (basic / "examples/other.out").write_text("what it printed last year\n", encoding="utf-8")
    app = build(basic)
    warnings = app.warning.getvalue()
    assert "other.md:3: WARNING: the output of examples/other.py differs from other.out" in warnings
    assert "-what it printed last year\n+other page" in warnings


def test_quote_that_the_output_does_not_contain_fails_the_build(basic: Path) -> None:
    index = basic / "index.md"
    index.write_text(index.read_text().replace("{output}`name:0 ", "{output}`name:1 "), encoding="utf-8")
    app = build(basic)
    assert app.statuscode == 1
    assert (
        "index.md:7: ERROR: the prose quotes 'name:1', but examples/cells.py does not print it"
        in app.warning.getvalue()
    )


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory):
    srcdir = copy_root("bad", tmp_path_factory.mktemp("bad") / "bad")
    return srcdir, build(srcdir)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (3, "ERROR: example examples/crash.py:5 raised RuntimeError; fix it, or add ':raises: RuntimeError'"),
        (6, "ERROR: example examples/hang.py failed: it did not finish within 3 s and was stopped"),
        (9, "ERROR: example 'examples/missing.py' does not exist"),
        (12, "ERROR: example '../outside.py' lies outside the repository"),
        (
            15,
            "ERROR: example examples/no_raise.py was expected to raise ValueError (:raises:), but it raised nothing",
        ),
        (19, "ERROR: example examples/wrong_raise.py:1 raised KeyError, but :raises: says ValueError"),
        (23, "ERROR: example examples/killed.py failed: it was killed by signal SIGKILL"),
        (26, "ERROR: example examples/bad_bytes.py failed: it printed bytes that are not UTF-8"),
        (29, "ERROR: example examples/leak.py failed: its output would show a path of the build machine"),
        (32, "WARNING: example examples/big.py printed 50,000,000 bytes; only the first"),
        (41, "ERROR: the prose quotes 'something else', but examples/stdin.py does not print it"),
        (
            43,
            "ERROR: examples/bad_cell.py:3: the cell marker on line 3 is inside the statement that starts on line 1",
        ),
    ],
)
def test_bad_input_fails_with_a_located_message(bad, line: int, message: str) -> None:
    srcdir, app = bad
    assert f"{srcdir / 'broken.md'}:{line}: {message}" in app.warning.getvalue()
    assert app.statuscode == 1


def test_failure_shows_the_tail_of_stderr(bad) -> None:
    _, app = bad
    assert "about to fail" in app.warning.getvalue()


def test_bad_input_never_shows_partial_output_and_is_not_cached(bad) -> None:
    srcdir, app = bad
    page = (srcdir / "_build/html/broken.html").read_text(encoding="utf-8")
    assert "partial output" not in page
    assert page.count("This example failed to run") == 10
    # Eleven scripts; the one whose cells cannot be read (bad_cell.py) fails before it would run.
    assert summary(app) == "examples: 10 run, 0 cached, 8 failed"
    again = build(srcdir, fresh=True)
    assert summary(again) == "examples: 4 run, 6 cached, 8 failed"


def test_stdin_and_written_files_stay_out_of_the_repository(bad) -> None:
    srcdir, _ = bad
    page = (srcdir / "_build/html/broken.html").read_text(encoding="utf-8")
    assert "stdin gave &#39;&#39;" in page or "stdin gave ''" in page
    assert "[&#39;written-by-example.txt&#39;]" in page or "['written-by-example.txt']" in page
    assert not list(srcdir.rglob("written-by-example.txt"))


def test_printed_markdown_table_is_rendered_as_a_table(basic: Path) -> None:
    (basic / "examples/table.py").write_text(
        'print("| `api` | result |")\nprint("|---|---|")\nprint("| `tf.Variable` | ValueError |")\n',
        encoding="utf-8",
    )
    (basic / "examples/table.out").write_text("| `api` | result |\n|---|---|\n| `tf.Variable` | ValueError |\n")
    other = basic / "other.md"
    other.write_text(other.read_text() + "\n```{example} examples/table.py\n:output: table\n```\n", encoding="utf-8")
    app = build(basic)
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select("div.execdocs-output table.execdocs-table")[0]
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["api", "result"]
    cells = table.select("tbody td")
    # Each cell also names its column, for the stacked layout of a narrow screen.
    labels = [cell.select_one("span.execdocs-cell-label").extract().get_text(strip=True) for cell in cells]
    assert labels == ["api", "result"]
    assert [cell.get_text(strip=True) for cell in cells] == ["tf.Variable", "ValueError"]
    assert cells[0].select("code") and not cells[1].select("code")


def warm_parents_of_this_process() -> list[int]:
    """Warm parents (``python -m execdocs.core.warm``) that this test process started and that still run."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"execdocs.core.warm" in cmdline and ppid == os.getpid():
            found.append(int(proc.name))
    return found


def test_warm_parents_are_shared_bounded_and_closed_when_the_build_ends(basic: Path, tmp_path: Path) -> None:
    from execdocs.core.runner import RunSettings, run_examples
    from execdocs.core.warm import MAX_PARENTS

    # Runs with the same settings share one warm parent, whatever the builder's environment
    # holds (pytest sets a new PYTEST_CURRENT_TEST for every test).
    scripts = [basic / "examples/other.py", basic / "examples/cells.py"]
    for value in ("one", "two"):
        os.environ["EXECDOCS_TEST_NOISE"] = value
        run_examples(scripts, basic, RunSettings(timeout=60), workers=2)
    del os.environ["EXECDOCS_TEST_NOISE"]
    assert len(warm_parents_of_this_process()) == 1
    for n in range(MAX_PARENTS + 2):  # each setting of the environment needs its own parent
        run_examples(scripts[:1], basic, RunSettings(timeout=60, env={"N": str(n)}))
        assert len(warm_parents_of_this_process()) <= MAX_PARENTS
    app = build(basic)
    assert app.statuscode == 0, app.warning.getvalue()
    assert warm_parents_of_this_process() == []


def test_failed_build_fails_again_when_rerun_with_nothing_changed(basic: Path) -> None:
    (basic / "examples/other.py").write_text('raise RuntimeError("broken on purpose")\n', encoding="utf-8")
    first = build(basic)
    message = "other.md:3: ERROR: example examples/other.py:1 raised RuntimeError"
    assert first.statuscode == 1 and message in first.warning.getvalue()
    again = build(basic)
    assert again.statuscode == 1 and message in again.warning.getvalue(), log(again)
    page = (basic / "_build/html/other.html").read_text(encoding="utf-8")
    assert "This example failed to run" in page and "other page" not in page


def test_page_of_a_failed_example_never_survives_as_good(basic: Path) -> None:
    build(basic)
    page = basic / "_build/html/other.html"
    assert outputs(page) == ["other page\n"]
    (basic / "examples/other.py").write_text('raise RuntimeError("broken on purpose")\n', encoding="utf-8")
    # With --exception-on-warning the first error stops the build before any page is written.
    with pytest.raises(Exception, match=r"examples/other\.py:1 raised RuntimeError"):
        build(basic, stop_on_warning=True)
    assert not page.exists() or "other page" not in page.read_text(encoding="utf-8")


def test_noop_rebuild_of_both_languages_writes_no_page(basic: Path) -> None:
    for language in ("en", "zh_CN"):
        build(basic, language=language)
        # Sphinx writes its index and search pages on every build; the content pages are ours.
        pages = {p: p.stat().st_mtime_ns for p in (basic / "_build/html").glob("*.html")}
        pages = {p: t for p, t in pages.items() if p.stem not in ("genindex", "search")}
        assert len(pages) == 2
        again = build(basic, language=language)
        assert summary(again) == "examples: 0 run, 0 cached, 0 failed", log(again)
        assert "writing output... [" not in log(again), log(again)
        assert {p: p.stat().st_mtime_ns for p in pages} == pages
        # The pages it does write (index, search) are written with the build's own configuration.
        assert again.env.config is again.config
        shutil.rmtree(basic / "_build")


def test_cells_option_shows_only_the_chosen_cells_and_names_a_missing_one(basic: Path) -> None:
    other = basic / "other.md"
    other.write_text(other.read_text() + "\n```{example} examples/cells.py\n:cells: 2\n```\n", encoding="utf-8")
    app = build(basic)
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    example = soup.select("div.execdocs-example")[1]
    assert [pre.get_text() for pre in example.select("div.execdocs-output pre")] == ["values [1.0, 2.0]\n"]
    assert 'print("name:0")' not in example.get_text() and "values = [1.0, 2.0]" in example.get_text()
    other.write_text(other.read_text().replace(":cells: 2", ":cells: 2-3"), encoding="utf-8")
    app = build(basic)
    assert "other.md:6: ERROR: examples/cells.py: bad option: :cells: names cell 3, but the script has 2 cells" in (
        app.warning.getvalue()
    )


def test_execute_false_shows_code_and_runs_nothing(basic: Path) -> None:
    app = build(basic, execdocs_execute=False)
    assert app.statuscode == 0, app.warning.getvalue()
    assert outputs(basic / "_build/html/index.html") == []
    soup = BeautifulSoup((basic / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.select("div.execdocs-example")[0].get_text()
    assert "Output is not shown in this build." in text and "print(helper.GREETING)" in text
    assert not (basic / "_build/execdocs-cache").exists()


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("execdocs_timeout", -1, "execdocs_timeout must be a positive number of seconds, not -1"),
        ("execdocs_max_output_bytes", 0, "execdocs_max_output_bytes must be a positive number of bytes, not 0"),
        ("execdocs_env", {"SEED": 1}, "execdocs_env must map names to text, not {'SEED': 1}"),
        ("execdocs_workers", -2, "execdocs_workers must be 0 (one per core) or more, not -2"),
        ("execdocs_python", "/no/such/python", "execdocs_python names '/no/such/python', which is not a file"),
        (
            "execdocs_preload",
            [["tensorflow"]],
            "execdocs_preload must list module names, e.g. ['tensorflow'], not [['tensorflow']]",
        ),
        ("execdocs_preload", ["tensorflow; import os"], "execdocs_preload must list module names"),
        ("execdocs_provenance", [3], "execdocs_provenance must list distribution names, e.g. ['tensorflow'], not [3]"),
    ],
)
def test_a_bad_setting_fails_naming_the_setting(basic: Path, setting: str, value: object, message: str) -> None:
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape(message)):
        build(basic, **{setting: value})


def test_a_change_to_the_code_that_runs_examples_rereads_their_pages(basic: Path, monkeypatch) -> None:
    from execdocs.core import cache

    build(basic)
    monkeypatch.setattr(cache, "running_code_digest", lambda: "the runner changed")
    again = build(basic)
    assert summary(again) == "examples: 3 run, 0 cached, 0 failed", log(again)


def test_a_changed_word_of_the_templates_reaches_every_page(basic: Path) -> None:
    """The writer retranslates a word of the theme (sphinx.po): every page shows the new word,
    not only those that happened to be written again."""
    catalogue = basic / "locales/zh_CN/LC_MESSAGES/sphinx.po"
    pages = [basic / "_build/html/index.html", basic / "_build/html/other.html"]
    for word in ("导航一", "导航二"):
        catalogue.write_text(
            f'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Navigation"\nmsgstr "{word}"\n',
            encoding="utf-8",
        )
        app = build(basic, language="zh_CN")
        assert app.statuscode == 0, app.warning.getvalue()
        assert [word in page.read_text(encoding="utf-8") for page in pages] == [True, True], log(app)
    again = build(basic, language="zh_CN")
    assert "writing output... [" not in log(again), log(again)


def test_a_renamed_page_is_renamed_in_the_navigation_of_every_page(basic: Path) -> None:
    """The writer renames a page and captions the toctree: every page's navigation says so, not
    only the two pages that were read again."""
    sidebar = {"html_sidebars": {"**": ["globaltoc.html", "relations.html"]}}
    build(basic, **sidebar)
    (basic / "third.md").write_text("# Third\n\nA page of its own.\n", encoding="utf-8")
    index = basic / "index.md"
    index.write_text(index.read_text().replace("```{toctree}\nother\n", "```{toctree}\nother\nthird\n"))
    build(basic, **sidebar)
    page = basic / "_build/html/third.html"
    (basic / "other.md").write_text((basic / "other.md").read_text().replace("# Other", "# Another"))
    index.write_text(index.read_text().replace("```{toctree}\n", "```{toctree}\n:caption: Reading\n\n"))
    app = build(basic, **sidebar)
    assert app.statuscode == 0, app.warning.getvalue()
    navigation = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("div.sphinxsidebar")
    assert navigation is not None
    assert "Another" in navigation.get_text() and "Reading" in navigation.get_text(), navigation.get_text()
    again = build(basic, **sidebar)
    assert "writing output... [" not in log(again), log(again)


def test_a_rebuild_runs_up_front_every_example_its_pages_showed_even_through_an_include(basic: Path) -> None:
    """The examples a page shows are what its directives and roles noted when it was read, wherever
    they stand (here in an included file), not what a second reading of its source would guess."""
    (basic / "examples/included.py").write_text('print("included, first")\n', encoding="utf-8")
    (basic / "examples/included.out").write_text("included, first\n", encoding="utf-8")
    (basic / "part.txt").write_text("```{example} examples/included.py\n```\n", encoding="utf-8")
    index = basic / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{include} part.txt\n```\n", encoding="utf-8")
    first = build(basic)
    assert first.statuscode == 0, first.warning.getvalue()
    assert outputs(basic / "_build/html/index.html")[-1] == "included, first\n"

    # The writer edits the included example: its page is read again, and before it is, every
    # example the page showed last time is prepared at once (the edited one runs, the others
    # come from the cache).
    (basic / "examples/included.py").write_text('print("included, second")\n', encoding="utf-8")
    (basic / "examples/included.out").write_text("included, second\n", encoding="utf-8")
    second = build(basic)
    assert second.statuscode == 0, second.warning.getvalue()
    assert "examples: preparing 3 for 1 documents" in log(second), log(second)
    assert summary(second) == "examples: 1 run, 2 cached, 0 failed"
    assert outputs(basic / "_build/html/index.html")[-1] == "included, second\n"

    # The page stops showing it: what the page noted is forgotten with its old reading.
    index.write_text(index.read_text(encoding="utf-8").replace("```{include} part.txt\n```\n", ""), encoding="utf-8")
    third = build(basic)
    assert "examples: preparing 3 for 1 documents" in log(third), log(third)  # what it showed before this read
    (basic / "examples/cells.py").write_text(
        (basic / "examples/cells.py").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    fourth = build(basic)
    assert "examples: preparing 2 for 1 documents" in log(fourth), log(fourth)
    assert "included, second\n" not in outputs(basic / "_build/html/index.html")


MEET = """import socket
import time

# Each of two examples, on two pages, answers the other over a socket that only lives while it runs:
# both succeed only if they run at the same time.
ME, OTHER = {me!r}, {other!r}
inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
inbox.bind(ME)
outbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
deadline = time.monotonic() + 10
while True:
    try:
        outbox.sendto(b"here", OTHER)
        break
    except OSError:
        if time.monotonic() > deadline:
            raise TimeoutError("the other example never ran alongside this one") from None
        time.sleep(0.05)
inbox.settimeout(10)
inbox.recv(16)
print("met")
"""


def test_a_cold_build_runs_the_examples_of_different_pages_at_the_same_time(basic: Path) -> None:
    """Nothing is known before the first build reads its pages; their examples still run together.

    Each example waits (10 s at most, well under the build's timeout) for the other to answer.
    """
    names = [f"\0execdocs-meet-{os.getpid()}-{basic.stat().st_ino}-{side}" for side in "ab"]
    for side, (me, other) in zip("ab", (names, names[::-1]), strict=True):
        (basic / f"examples/meet_{side}.py").write_text(MEET.format(me=me, other=other), encoding="utf-8")
        (basic / f"examples/meet_{side}.out").write_text("met\n", encoding="utf-8")
        (basic / f"meet_{side}.md").write_text(
            f"---\norphan: true\n---\n# Meet {side}\n\n```{{example}} examples/meet_{side}.py\n```\n", encoding="utf-8"
        )
    # Uncontained: contained examples have no network, abstract sockets included, to meet through.
    app = build(basic, execdocs_workers=2, execdocs_contain=False)
    assert app.statuscode == 0, app.warning.getvalue()
    for side in "ab":
        assert outputs(basic / f"_build/html/meet_{side}.html") == ["met\n"]
    assert summary(app) == "examples: 5 run, 0 cached, 0 failed"


def test_the_page_is_filled_when_written_from_the_record_of_its_examples(basic: Path) -> None:
    """The read document keeps a placeholder; each write fills it from the environment's record,
    so a page written again without being read again still shows its example's output."""
    import pickle

    build(basic)
    doctree = pickle.loads((basic / "_build/doctrees/other.doctree").read_bytes())
    assert "other page" not in doctree.astext()  # the read document holds no output
    assert [node.tagname for node in doctree.findall() if node.tagname == "example_placeholder"] != []
    page = basic / "_build/html/other.html"
    before = page.read_text(encoding="utf-8")
    page.unlink()
    # A new title for the index changes every page's navigation: other.md is written, not read.
    index = basic / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("# ", "# Renamed ", 1), encoding="utf-8")
    app = build(basic)
    assert "reading sources... [100%] index" in log(app) and "] other" not in log(app).split("writing")[0]
    assert outputs(page) == ["other page\n"]
    assert page.read_text(encoding="utf-8").replace("Renamed ", "") == before


def test_the_record_forgets_a_document_read_again_and_takes_over_parallel_readers() -> None:
    from execdocs.collector import ExamplesCollector, Use, examples_of

    class Environment:
        """What the record needs of an environment: somewhere to be kept."""

    collector = ExamplesCollector()
    main, other = Environment(), Environment()
    use = Use("quote", "examples/other.py", "other.md:3", quote="other page")
    for env, docname in ((main, "index"), (other, "other")):
        record = examples_of(env)
        record.uses[docname] = [use]
        record.failed.add(docname)
        record.unchecked[docname] = None
    collector.merge_other(None, main, {"other"}, other)  # type: ignore[arg-type]
    record = examples_of(main)
    assert (sorted(record.uses), sorted(record.failed), list(record.unchecked)) == (
        ["index", "other"],
        ["index", "other"],
        ["index", "other"],
    )
    collector.clear_doc(None, main, "index")  # type: ignore[arg-type]
    assert (sorted(record.uses), sorted(record.failed), list(record.unchecked)) == (["other"], ["other"], ["other"])
    assert record.scripts("other") == ["examples/other.py"]


def test_pages_read_in_parallel_are_the_pages_read_one_after_the_other(basic: Path) -> None:
    """Two readers at once (``-j 2``): the same pages, the same located messages, the same failed page."""
    for number in range(6):
        script = ("cells", "other", "raises")[number % 3]
        options = ":raises: ValueError\n" if script == "raises" else ""
        (basic / f"page{number}.md").write_text(
            f"---\norphan: true\n---\n# Page {number}\n\nThe other script prints "
            f"{{output}}`other page <examples/other.py>`.\n\n```{{example}} examples/{script}.py\n{options}```\n",
            encoding="utf-8",
        )
    # One page fails while it is read (a cell the script lacks), another once the runs are done.
    (basic / "page4.md").write_text(
        (basic / "page4.md")
        .read_text(encoding="utf-8")
        .replace("examples/other.py\n", "examples/other.py\n:cells: 9\n"),
        encoding="utf-8",
    )
    (basic / "page5.md").write_text(
        (basic / "page5.md").read_text(encoding="utf-8").replace("`other page <", "`another page <"), encoding="utf-8"
    )
    serial = copy_root("basic", basic.parent / "serial")
    for page in basic.glob("page*.md"):
        shutil.copy(page, serial / page.name)
    one, two = build(serial, parallel=1), build(basic, parallel=2)
    read = [line for line in log(two).splitlines() if line.startswith("reading sources... [")]
    assert read and all(" .. " in line for line in read), read  # by two readers, each a part of the pages
    assert two.statuscode == one.statuscode == 1
    messages = [
        sorted(re.sub(r"\x1b\[[\d;]*m", "", app.warning.getvalue()).replace(str(root), "ROOT").splitlines())
        for app, root in ((one, serial), (two, basic))
    ]
    assert messages[1] == messages[0]
    assert [line.split(": ", 1)[0] for line in messages[1] if ": ERROR" in line] == [
        "ROOT/page4.md:8",
        "ROOT/page5.md:6",
    ], messages[1]
    pages = sorted(path.name for path in (serial / "_build/html").glob("*.html"))
    assert len(pages) >= 8 and pages == sorted(path.name for path in (basic / "_build/html").glob("*.html"))
    for name in pages:
        assert (basic / "_build/html" / name).read_bytes() == (serial / "_build/html" / name).read_bytes(), name


def test_a_committed_output_that_is_a_link_is_refused_not_read_into_the_log(basic: Path, tmp_path: Path) -> None:
    secret = tmp_path / "netrc"
    secret.write_text("machine git.test password hunter2-secret\n", encoding="utf-8")
    committed = basic / "examples/other.out"
    committed.unlink()
    committed.symlink_to(secret)
    app = build(basic)
    warnings = app.warning.getvalue()
    assert "the committed output of example examples/other.py cannot be read" in warnings, warnings
    assert "hunter2" not in warnings
    assert secret.read_text(encoding="utf-8") == "machine git.test password hunter2-secret\n"
