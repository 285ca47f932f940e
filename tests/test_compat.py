"""The compatibility report: merging runs, and what the pages show from it."""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from compat_merge import merge_parts, provenance
from compat_report import applies, collect_run, merge_runs, release_settings

from execdocs.core.expected import compare_examples, example_scripts, stale_in_report
from execdocs.core.runner import RunResult, RunSettings, run_example, sha256_of
from tests.util import build, copy_root, site_settings

#: The test project's extensions and this site's pages about other releases.
SITE_EXTENSIONS = ["myst_parser", "execdocs", "release_pages"]


def run(label: str, root: Path, outputs: dict[str, str | None]) -> dict:
    examples = {}
    for name, output in outputs.items():
        script = root / "examples" / name
        examples[f"examples/{name}"] = {
            "sha256": sha256_of(script),
            "output": output,
            "failure": None if output is not None else "it was killed by signal SIGKILL",
        }
    return {"label": label, "versions": {"tensorflow-cpu": label, "numpy": "1.26.4"}, "examples": examples}


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path / "basic")


def write_report(basic: Path, other_output: str | None) -> dict:
    scripts = sorted((basic / "examples").glob("[cor]*.py"))
    same = {path.name: path.with_suffix(".out").read_text() for path in scripts}
    old = dict(same, **{"other.py": other_output})
    report = merge_runs([run("2.15.1", basic, old), run("2.21.0", basic, same)], scripts, basic)
    (basic / "compat.json").write_text(json.dumps(report), encoding="utf-8")
    return report


def test_merge_marks_same_differs_and_fails(basic: Path) -> None:
    report = write_report(basic, "other page, printed differently\n")
    results = report["examples"]["examples/other.py"]["results"]
    assert results["2.21.0"] == {"status": "same"}
    assert results["2.15.1"]["status"] == "differs"
    assert "-other page\n+other page, printed differently\n" in results["2.15.1"]["detail"]
    failed = write_report(basic, None)["examples"]["examples/other.py"]["results"]["2.15.1"]
    assert failed == {"status": "fails", "detail": "it was killed by signal SIGKILL"}


def test_a_run_whose_python_draws_other_carets_prints_the_same(basic: Path) -> None:
    # The committed output as Python 3.13 draws it; the same error on a release that runs on 3.11.
    committed = (basic / "examples/other.py").with_suffix(".out")
    frame = '  File "examples/other.py", line 3, in <module>\n    f(x)\n'
    committed.write_text(f"Traceback (most recent call last):\n{frame}    ~^^^\nValueError: no\n")
    on_311 = f"Traceback (most recent call last):\n{frame}    ^^^^\nValueError: no\n"
    assert write_report(basic, on_311)["examples"]["examples/other.py"]["results"]["2.15.1"] == {"status": "same"}
    # Anything else that differs still does, carets and all in its diff.
    report = write_report(basic, on_311.replace("no", "yes"))
    result = report["examples"]["examples/other.py"]["results"]["2.15.1"]
    assert result["status"] == "differs" and "-    ~^^^\n" in result["detail"] and "+    ^^^^\n" in result["detail"]


def test_page_shows_where_the_output_holds_and_the_diff(basic: Path) -> None:
    write_report(basic, "other page, printed differently\n")
    app = build(basic, execdocs_compat_report="compat.json")
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    meta = soup.select("p.execdocs-meta")[0].get_text()
    # The release that ran the build is named once, first; the others follow.
    assert meta.startswith("Run with TensorFlow 2.21.0 and Python "), meta
    assert meta.count("2.21.0") == 1 and "same on" not in meta, meta
    assert "differs on 2.15.1" in meta
    box = soup.select("details.execdocs-compat")[0]
    assert box.select_one("summary").get_text() == "differs on TensorFlow 2.15.1"
    assert "+other page, printed differently" in box.select("pre")[0].get_text()


def test_edited_script_builds_and_says_it_is_not_checked_yet(basic: Path) -> None:
    write_report(basic, "other page\n")
    # The writer adds a comment: the output is the same, the report describes the old file.
    other = basic / "examples/other.py"
    other.write_text("# en: A comment.\n# zh: 一条注释。\n" + other.read_text(encoding="utf-8"), encoding="utf-8")
    app = build(basic, execdocs_compat_report="compat.json")
    assert (app.statuscode, app.warning.getvalue()) == (0, "")
    soup = BeautifulSoup((basic / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    note = soup.select("p.execdocs-compat-unchecked")[0].get_text()
    assert note == "This version of the script has not been checked on other TensorFlow releases yet."
    # ...and nothing of the report's results for the old version, which may no longer hold.
    meta = soup.select_one("p.execdocs-meta").get_text()
    assert "2.15.1" not in meta and "same on" not in meta, meta
    assert soup.select("details.execdocs-compat") == []
    zh = copy_root("basic", basic.parent / "basic-zh")
    (zh / "compat.json").write_text((basic / "compat.json").read_text(encoding="utf-8"), encoding="utf-8")
    (zh / "examples/other.py").write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    app = build(zh, language="zh_CN", execdocs_compat_report="compat.json")
    assert app.statuscode == 0, app.warning.getvalue()
    page = BeautifulSoup((zh / "_build/html/other.html").read_text(encoding="utf-8"), "html.parser")
    assert (
        page.select("p.execdocs-compat-unchecked")[0].get_text() == "脚本的这一版还没有在其他 TensorFlow 版本上验证过。"
    )
    # ...while the check that the tests run (CI) names it until the report is made again.
    scripts = sorted((basic / "examples").glob("[cor]*.py"))
    report = json.loads((basic / "compat.json").read_text(encoding="utf-8"))
    assert stale_in_report(report, scripts, basic) == ["examples/other.py"]


def test_missing_report_is_reported(basic: Path) -> None:
    app = build(basic, execdocs_compat_report="compat.json")
    assert "execdocs_compat_report names compat.json, which does not exist" in app.warning.getvalue()


# --- Other releases: old interpreters, applicability, the 2017 listings ---------------------------

OLD_PYTHON = next(iter(sorted(Path.home().glob(".pyenv/versions/3.6.*/bin/python3.6"))), None)
needs_python36 = pytest.mark.skipif(OLD_PYTHON is None, reason="needs Python 3.6 (pyenv install 3.6.15)")
#: The runner for old releases, under this Python (always) and under Python 3.6 (where installed).
INTERPRETERS = [
    pytest.param(sys.executable, id="this-python"),
    pytest.param(str(OLD_PYTHON), id="python3.6", marks=needs_python36),
]


@pytest.mark.parametrize(
    ("relpath", "source", "release", "expected"),
    [
        ("examples/original/01_listing.py", "import tensorflow as tf\ntf.Session()\n", (1, 2), True),
        ("examples/original/01_listing.py", "import tensorflow as tf\ntf.Session()\n", (2, 21), True),
        ("examples/01.py", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n", (1, 15), True),
        ("examples/01.py", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n", (1, 4), False),
        ("examples/33.py", "import tensorflow as tf\nprint(tf.Variable(1.0).name)\n", (1, 15), False),
        ("examples/33.py", "import tensorflow as tf\nprint(tf.Variable(1.0).name)\n", (2, 15), True),
        ("examples/34.py", "import tensorflow as tf\nv1 = tf.compat.v1\n", (1, 15), False),
        ("examples/12.py", "import numpy as np\nprint(np.ones(1))\n", (1, 15), True),
    ],
)
def test_which_examples_apply_to_a_release(relpath: str, source: str, release: tuple, expected: bool) -> None:
    assert applies(relpath, source, release) is expected


def run_on(python: str, script: Path, root: Path, timeout: float = 60) -> RunResult:
    """One run as ``nox -s compat`` makes it for a release of ``python``."""
    return run_example(script, root, release_settings(RunSettings(timeout=timeout), python))


def listing_root(tmp_path: Path, source: str, name: str = "listing.py") -> tuple[Path, Path]:
    root = tmp_path / "repo"
    (root / "examples/original").mkdir(parents=True)
    script = root / "examples/original" / name
    script.write_text(source, encoding="utf-8")
    return root, script


@needs_python36
def test_old_python_runs_a_script_and_its_traceback_is_python_36s(tmp_path: Path) -> None:
    source = "import sys\nprint(sys.version_info[:2])\n\ndef f():\n    return {}['key']\n\nf()\n"
    root, script = listing_root(tmp_path, source)
    entry = run_on(str(OLD_PYTHON), script, root)
    assert entry.failure is None
    assert entry.exception == "KeyError"
    assert entry.output == (
        "(3, 6)\n"
        "Traceback (most recent call last):\n"
        '  File "examples/original/listing.py", line 7, in <module>\n'
        "    f()\n"
        '  File "examples/original/listing.py", line 5, in f\n'
        "    return {}['key']\n"
        "KeyError: 'key'\n"
    )
    assert entry.sha256 == sha256_of(script)


def test_the_runner_for_old_releases_shows_the_scripts_own_frames_under_this_python(tmp_path: Path) -> None:
    source = "import sys\nprint(sys.version_info[:2])\n\ndef f():\n    return {}['key']\n\nf()\n"
    root, script = listing_root(tmp_path, source)
    entry = run_on(sys.executable, script, root)
    assert (entry.failure, entry.exception, entry.sha256) == (None, "KeyError", sha256_of(script))
    output = entry.output
    assert output.startswith(f"{tuple(sys.version_info[:2])}\nTraceback (most recent call last):\n"), output
    frames = [line for line in output.splitlines() if line.startswith('  File "')]
    assert frames == [
        '  File "examples/original/listing.py", line 7, in <module>',
        '  File "examples/original/listing.py", line 5, in f',
    ]
    assert output.endswith("KeyError: 'key'\n")


@pytest.mark.parametrize("python", INTERPRETERS)
def test_the_runner_for_old_releases_reads_a_script_as_python_does(tmp_path: Path, python: str) -> None:
    root, script = listing_root(tmp_path, "")
    script.write_bytes(b"# -*- coding: latin-1 -*-\nprint(u'caf\xe9')\n")
    entry = run_on(python, script, root)
    assert (entry.failure, entry.output) == (None, "café\n")


@pytest.mark.parametrize("python", INTERPRETERS)
def test_old_python_output_is_cleaned_and_guarded_like_any_other(tmp_path: Path, python: str) -> None:
    source = "import os, tempfile\nprint(os.getcwd())\nprint(os.path.abspath(__file__))\n"
    root, script = listing_root(tmp_path, source)
    entry = run_on(python, script, root)
    assert (entry.failure, entry.output) == (None, "<tmp>\nexamples/original/listing.py\n")
    leaking = script.with_name("leak.py")
    leaking.write_text("print('/home/someone/project/data.csv')\n", encoding="utf-8")
    entry = run_on(python, leaking, root)
    assert entry.failure is not None and "would show a path of the build machine" in entry.failure
    assert "/home/someone/project/data.csv" in entry.failure


@pytest.mark.parametrize("python", INTERPRETERS)
def test_old_python_that_hangs_is_stopped(tmp_path: Path, python: str) -> None:
    root, script = listing_root(tmp_path, "import time\nprint('start', flush=True)\ntime.sleep(60)\n")
    entry = run_on(python, script, root, timeout=2)
    assert entry.failure is not None and entry.failure.startswith("it did not finish within 2 s and was stopped")


#: Prints more than a run may, after it tried to write next to itself, in the repository.
ESCAPING = """import os
here = os.path.dirname(os.path.abspath(__file__))
try:
    with open(os.path.join(here, "escaped.txt"), "w") as handle:
        handle.write("written by the example")
    print("wrote into the repository")
except OSError as error:
    print("refused:", error.strerror)
for number in range(5000):
    print("line %05d" % number)
"""


@pytest.mark.parametrize("python", INTERPRETERS)
def test_a_run_for_an_old_release_is_contained_and_capped_like_every_run(tmp_path: Path, python: str) -> None:
    root, script = listing_root(tmp_path, ESCAPING)
    settings = RunSettings(timeout=60, max_output_bytes=2000)
    run = collect_run("old", [script], root, settings, python)
    entry = run["examples"]["examples/original/listing.py"]
    assert entry["failure"] is None, entry
    lines = entry["output"].splitlines()
    assert lines[0] == "refused: Read-only file system", lines[0]
    assert not (script.parent / "escaped.txt").exists()
    assert len(entry["output"].encode()) <= 2000 and lines[-1].startswith("line "), lines[-3:]
    # What the build's runner would have made of it, under this very interpreter.
    here = run_example(script, root, settings)
    assert (here.output, here.truncated_from) == (entry["output"], len(lines[0]) + 1 + 5000 * len("line 00000\n"))


def test_report_marks_not_applicable_and_which_run_prints_the_article(tmp_path: Path) -> None:
    root, listing = listing_root(tmp_path, "import tensorflow as tf\nprint('x:0')\nprint([1.])\n")
    listing.with_suffix(".out").write_text("Traceback...\n", encoding="utf-8")
    listing.with_suffix(".article").write_text("x:0\n\n[1.]\n", encoding="utf-8")
    tf2 = root / "examples/33_tf2.py"
    tf2.write_text("import tensorflow as tf\nprint(tf.Variable(1.0).name)\n", encoding="utf-8")
    tf2.with_suffix(".out").write_text("Variable:0\n", encoding="utf-8")

    def one(label: str, numpy: str, outputs: dict[Path, str]) -> dict:
        examples = {
            script.relative_to(root).as_posix(): {
                "sha256": sha256_of(script),
                "output": output,
                "failure": None,
                "exception": None,
            }
            for script, output in outputs.items()
        }
        return {"label": label, "versions": {"tensorflow": label, "numpy": numpy}, "examples": examples}

    runs = [
        one("1.4.0", "1.13.3", {listing: "x:0\n[ 1.]\n"}),
        one("1.15.0", "1.16.6", {listing: "x:0\n[1.]\n"}),
        one("2.21.0", "2.4.6", {listing: "Traceback...\n", tf2: "Variable:0\n"}),
    ]
    report = merge_runs(runs, [tf2, listing], root)
    assert report["format"] == 2
    tf2_results = report["examples"]["examples/33_tf2.py"]["results"]
    assert tf2_results["1.4.0"] == tf2_results["1.15.0"] == {"status": "not_applicable"}
    assert tf2_results["2.21.0"] == {"status": "same"}
    results = report["examples"]["examples/original/listing.py"]["results"]
    assert results["1.4.0"]["prints_article"] is False
    assert results["1.4.0"]["output"] == "x:0\n[ 1.]\n"
    assert results["1.15.0"]["prints_article"] is True
    assert results["2.21.0"] == {"status": "same", "prints_article": False}
    # A run that left out an example written for its release is refused, with what to do.
    empty = {"label": "1.15.0", "versions": {"tensorflow": "1.15.0"}, "examples": {}}
    with pytest.raises(
        SystemExit, match=re.escape("the run for 1.15.0 did not run the current examples/original/listing.py")
    ):
        merge_runs([empty], [listing], root)


def test_pages_show_the_listing_on_each_release_and_the_tables_link_to_diffs(basic: Path) -> None:
    listing = basic / "examples/original/listing.py"
    listing.parent.mkdir()
    listing.write_text('print("other page")\nprint([1.])\n', encoding="utf-8")
    listing.with_suffix(".out").write_text("other page\n[1.0]\n", encoding="utf-8")
    listing.with_suffix(".article").write_text("other page\n\n[1.]\n", encoding="utf-8")
    scripts = [*sorted((basic / "examples").glob("[cor]*.py")), listing]
    committed = {script: script.with_suffix(".out").read_text() for script in scripts}

    def one(label: str, numpy: str, printed: dict[Path, str]) -> dict:
        examples = {
            script.relative_to(basic).as_posix(): {
                "sha256": sha256_of(script),
                "output": output,
                "failure": None,
                "exception": "ValueError" if "Error" in output else None,
            }
            for script, output in {**committed, **printed}.items()
        }
        return {
            "label": label,
            "versions": {"tensorflow": label, "numpy": numpy, "python": "3.6.15"},
            "examples": examples,
        }

    runs = [
        one("1.2.1", "1.13.3", {listing: "other page\n[ 1.]\n"}),
        one("1.4.0", "1.14.6", {listing: "other page\n[1.]\n", basic / "examples/other.py": "other, in 2017\n"}),
        one("2.21.0", "2.4.6", {}),
    ]
    (basic / "compat.json").write_text(json.dumps(merge_runs(runs, scripts, basic)), encoding="utf-8")
    (basic / "releases.md").write_text(
        "---\norphan: true\n---\n# Releases\n\n"
        "```{listing-runs} examples/original/listing.py\n:corrected: examples/other.py\n```\n\n"
        "```{article-runs} examples/original/listing.py\n```\n\n"
        "```{compat-table}\n```\n",
        encoding="utf-8",
    )
    app = build(basic, extensions=SITE_EXTENSIONS, execdocs_compat_report="compat.json")
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/releases.html").read_text(encoding="utf-8"), "html.parser")

    box = soup.select_one("div.execdocs-listing-runs")
    blocks = [pre.get_text() for pre in box.select("pre")]
    assert blocks[0] == 'print("other page")\nprint([1.])\n'  # the listing, byte for byte
    assert "-print([1.])\n" in blocks[1]  # what the site's script changes in it
    captions = [p.get_text() for p in box.select("p.execdocs-output-label")]
    assert "Output on TensorFlow 1.2.1 (NumPy 1.13.3, Python 3.6.15):" in captions
    assert "Output on TensorFlow 1.4.0 (NumPy 1.14.6, Python 3.6.15):" in captions
    assert blocks[captions.index("Output on TensorFlow 1.2.1 (NumPy 1.13.3, Python 3.6.15):")] == "other page\n[ 1.]\n"
    matches = [p.find_parent("div").select_one("pre").get_text() for p in box.select("p.execdocs-article-match")]
    assert matches == ["other page\n[1.]\n"]

    dating = soup.select_one("table.execdocs-article-runs")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in dating.select("tbody tr")]
    assert rows == [
        ["1.2.1", "1.13.3", "3.6.15", "prints [ 1.]"],
        ["1.4.0", "1.14.6", "3.6.15", "prints it"],
        ["2.21.0", "2.4.6", "3.6.15", "prints [1.0]"],
    ]

    table = soup.select_one("table.execdocs-compat-table")
    noted = {row.select_one("td").get_text(strip=True) for row in table.select("tr.execdocs-compat-noted")}
    assert noted == {"other", "original/listing"}  # rows with a difference stand out; the others do not
    other = next(row for row in table.select("tbody tr") if row.select_one("td").get_text(strip=True) == "other")
    assert other.select_one("td a")["href"] == "other.html"  # the name leads to the page that shows it
    differs = other.select("td")[2].select_one("a")
    assert differs.get_text() == "differs"
    detail = soup.find(id=differs["href"].removeprefix("#"))
    assert "+other, in 2017" in detail.get_text()
    listing_row = next(row for row in table.select("tbody tr") if "listing" in row.select_one("td").get_text())
    assert listing_row.select("td")[0].find("a") is None  # shown only on this page: nowhere else to go


@needs_python36
def test_old_pythons_packages_are_named_not_located(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    packages = venv / "lib/python3.6/site-packages"
    packages.mkdir(parents=True)
    (packages / "where.py").write_text("HERE = __file__\n", encoding="utf-8")
    (venv / "bin").mkdir()
    (venv / "bin/python").symlink_to(OLD_PYTHON)
    source = f"import sys\nsys.path.insert(0, {str(packages)!r})\nimport where\nprint(where.HERE)\n"
    root, script = listing_root(tmp_path, source)
    entry = run_on(str(venv / "bin/python"), script, root)
    assert (entry.failure, entry.output) == (None, "<packages>/where.py\n")


@pytest.mark.slow
def test_the_2017_listings_print_their_committed_output_on_the_pinned_release() -> None:
    root = Path(__file__).resolve().parent.parent
    scripts = example_scripts(root / "examples/original")
    assert [script.stem for script in scripts] == [
        "01_listing_1",
        "02_listing_2",
        "03_listing_3",
        "04_seven_cases",
        "05_seven_cases_typo_fixed",
    ]
    comparisons = compare_examples(scripts, root, site_settings(timeout=300.0))
    assert [comparison.report() for comparison in comparisons if not comparison.matches] == []
    # As printed, none of them runs on TensorFlow 2: each stops at its first TF1-only call.
    assert {comparison.result.exception for comparison in comparisons} == {"AttributeError"}


def test_compat_table_lists_every_example_and_release(basic: Path) -> None:
    write_report(basic, "other page, printed differently\n")
    index = basic / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{compat-table}\n```\n", encoding="utf-8")
    app = build(basic, extensions=SITE_EXTENSIONS, execdocs_compat_report="compat.json")
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((basic / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select("table.execdocs-compat-table")[0]
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tr")]
    assert rows == [
        ["Example", "2.15.1", "2.21.0"],
        ["cells", "same", "same"],
        ["other", "differs", "same"],
        ["raises", "same", "same"],
    ]
    assert "TensorFlow 2.15.1: numpy 1.26.4, tensorflow-cpu 2.15.1" in soup.get_text()


def test_release_pages_say_when_each_release_was_last_checked(basic: Path) -> None:
    # Three parts, two run on one day and one a week before, merged as `nox -s compat` merges them.
    scripts = sorted((basic / "examples").glob("[cor]*.py"))
    same = {path.name: path.with_suffix(".out").read_text() for path in scripts}
    days = {
        "2.15.1": datetime.date(2026, 11, 30),
        "2.18.1": datetime.date(2026, 12, 7),
        "2.21.0": datetime.date(2026, 12, 7),
    }
    parts = {}
    for label, day in days.items():
        part = dict(run(label, basic, same), versions={"tensorflow-cpu": label, "python": "3.11.7"})
        part.update(provenance(scripts, basic, today=day))
        parts[label] = basic / f"part-{label}.json"
        parts[label].write_text(json.dumps(part), encoding="utf-8")
    report = json.dumps(merge_parts(parts, scripts, basic))
    english = (
        "Last checked on 2026-12-07 against TensorFlow 2.18.1 and 2.21.0. "
        "Checked on 2026-11-30 against TensorFlow 2.15.1."
    )
    chinese = "最近一次核对在 2026-12-07，核对的是 TensorFlow 2.18.1和 2.21.0。2026-11-30 核对的是 TensorFlow 2.15.1。"
    for root, language, expected in ((basic, "en", english), (basic.parent / "basic-zh", "zh_CN", chinese)):
        if language != "en":
            copy_root("basic", root)
        (root / "compat.json").write_text(report, encoding="utf-8")
        index = root / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n```{compat-table}\n```\n", encoding="utf-8")
        app = build(root, extensions=SITE_EXTENSIONS, language=language, execdocs_compat_report="compat.json")
        assert app.warning.getvalue() == ""
        soup = BeautifulSoup((root / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
        assert [p.get_text() for p in soup.select("p.execdocs-compat-checked")] == [expected]
