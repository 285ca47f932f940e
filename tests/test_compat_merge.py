"""Merging the parts of the compatibility report: each release's run, made here or in a CI job."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from compat_merge import main as merge_main
from compat_report import main as run_main

from tests.util import copy_root

RELEASES = ("2.15.1", "2.21.0")


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=Writer", "-c", "user.email=writer@example.test", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def part_path(root: Path, release: str) -> Path:
    return root / "_build/compat" / f"{release}.json"


def make_part(root: Path, release: str) -> Path:
    """Run the project's examples here, as one release's job does, and return the part it wrote."""
    out = part_path(root, release)
    code = run_main(["run", "--label", release, "--out", str(out), "--root", str(root), str(root / "examples")])
    assert code == 0
    return out


def merge(root: Path) -> int:
    parts = [f"{release}={part_path(root, release)}" for release in RELEASES]
    return merge_main(["--out", str(root / "compat.json"), "--root", str(root), "--examples", "examples", *parts])


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project in git with one part per release, made from its commit (run once for the module)."""
    root = copy_root("basic", tmp_path_factory.mktemp("made") / "basic")
    (root / ".gitignore").write_text("_build/\ncompat.json\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "examples")
    for release in RELEASES:
        make_part(root, release)
    return root


@pytest.fixture
def project(made: Path, tmp_path: Path) -> Path:
    """A copy of that project and its parts, for a test to change."""
    root = tmp_path / "basic"
    subprocess.run(["cp", "-a", str(made), str(root)], check=True)
    return root


def test_a_part_records_its_commit_examples_and_day(made: Path) -> None:
    part = json.loads(part_path(made, "2.21.0").read_text(encoding="utf-8"))
    assert part["label"] == "2.21.0"
    assert part["commit"] == git(made, "rev-parse", "HEAD")
    assert len(part["examples_digest"]) == 64
    assert part["checked"] == datetime.datetime.now(datetime.UTC).date().isoformat()
    assert set(part["examples"]) == {
        "examples/cells.py",
        "examples/helper.py",
        "examples/other.py",
        "examples/raises.py",
    }


def test_parts_of_this_commit_merge_into_the_report_with_their_days(project: Path) -> None:
    # One part was run on another day than the other: each keeps its own.
    older = part_path(project, "2.15.1")
    part = json.loads(older.read_text(encoding="utf-8"))
    part["checked"] = "2026-11-30"
    older.write_text(json.dumps(part), encoding="utf-8")
    assert merge(project) == 0
    report = json.loads((project / "compat.json").read_text(encoding="utf-8"))
    today = json.loads(part_path(project, "2.21.0").read_text(encoding="utf-8"))["checked"]
    assert [(run["label"], run["checked"]) for run in report["runs"]] == [("2.15.1", "2026-11-30"), ("2.21.0", today)]
    assert report["runs"][1]["versions"]["python"]
    results = report["examples"]["examples/other.py"]["results"]
    assert results == {"2.15.1": {"status": "same"}, "2.21.0": {"status": "same"}}


def test_a_missing_part_stops_the_merge_and_names_it(project: Path) -> None:
    part_path(project, "2.15.1").unlink()
    with pytest.raises(SystemExit, match=r"2\.15\.1\.json: there is no part for TensorFlow 2\.15\.1") as stop:
        merge(project)
    assert "nox -s \"compat_run(tensorflow='2.15.1')\"" in str(stop.value)
    assert not (project / "compat.json").exists()


def test_a_part_from_another_commit_stops_the_merge(project: Path) -> None:
    made_at = git(project, "rev-parse", "HEAD")
    (project / "index.md").write_text("# Edited\n", encoding="utf-8")  # no example changes
    git(project, "commit", "-q", "-am", "page edited")
    with pytest.raises(SystemExit) as stop:
        merge(project)
    message = str(stop.value)
    assert message.startswith(f"{part_path(project, '2.15.1')}: the part for TensorFlow 2.15.1 was made from commit")
    assert made_at in message and git(project, "rev-parse", "HEAD") in message
    assert not (project / "compat.json").exists()


def test_a_part_of_other_examples_stops_the_merge(project: Path) -> None:
    # Same commit, but an example edited since the parts ran (not committed yet).
    other = project / "examples/other.py"
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"2\.15\.1\.json: the part for TensorFlow 2\.15\.1 ran other examples"):
        merge(project)


def _corrupt(path: Path, change: str) -> None:
    text = path.read_text(encoding="utf-8")
    part = json.loads(text)
    if change == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
        return
    if change == "list":
        part = [part]
    elif change == "other label":
        part["label"] = "2.18.1"
    elif change == "no commit":
        del part["commit"]
    elif change == "no digest":
        del part["examples_digest"]
    elif change == "bad day":
        part["checked"] = "last week"
    elif change == "no output nor failure":
        part["examples"]["examples/other.py"]["output"] = None
    elif change == "no python":
        del part["versions"]["python"]
    path.write_text(json.dumps(part), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("truncated", "it is not JSON"),
        ("list", "it is not a JSON object"),
        ("other label", "it is labelled '2.18.1', not '2.21.0'"),
        ("no commit", "it does not record its commit"),
        ("no digest", "it does not record examples_digest"),
        ("bad day", "checked is 'last week', not a date"),
        ("no output nor failure", "examples['examples/other.py'] needs either an output or a failure"),
        ("no python", "its versions do not name the Python that ran it"),
    ],
)
def test_a_malformed_part_stops_the_merge_and_says_what_is_wrong(project: Path, change: str, said: str) -> None:
    path = part_path(project, "2.21.0")
    _corrupt(path, change)
    with pytest.raises(SystemExit) as stop:
        merge(project)
    assert str(stop.value).startswith(f"{path}: not a part of the release report ({said}")
