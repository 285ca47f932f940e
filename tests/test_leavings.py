"""What an example leaves in its working folder is untrusted input (tests/roots/test-leavings).

FIFOs, folders, sparse files of gigabytes, links to ``/dev/zero`` and to ``/proc/self/environ``,
pictures nested thousands deep or showing a path of the machine: each ends in a located error,
at once, without reading more than a cap and without following a link. Expected outputs and
pictures are written inside the repository only, never through a link.

Every run happens in a process of its own with a time limit, so that a defence that fails by
hanging (a FIFO opened for reading) fails the test instead of stopping the test run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.util import copy_root

#: Runs one example of the project given as the first argument, as the build does, and prints
#: what the build keeps of it.
RUN = """
import json, sys
from pathlib import Path
from execdocs.core.runner import RunSettings, run_example
root = Path(sys.argv[1])
contain = sys.argv[3] == "contain"
result = run_example(root / "examples" / sys.argv[2], root, RunSettings(timeout=20, fork=False, contain=contain))
print(json.dumps({"failure": result.failure, "images": result.images, "output": result.output}))
"""

#: The builder's own secret: an example must never bring it into a result.
SECRET = "leavings-secret-5f1c0e2a9b"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_root("leavings", tmp_path / "leavings")


def run_left(
    project: Path, name: str, memory: int | None = None, seconds: float = 60, contain: bool = True
) -> tuple[dict, float]:
    """Run ``examples/name`` in a separate process (at most ``memory`` bytes of address space); its
    result and how long collecting it took, overall."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(project), name, "contain" if contain else "uncontained"],
            capture_output=True,
            text=True,
            timeout=seconds,
            env={**os.environ, "LEAVINGS_SECRET": SECRET},
            preexec_fn=limit,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"collecting what {name} left hung for {seconds:g} s")
    assert done.returncode == 0, f"the builder crashed on what {name} left:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout), time.monotonic() - start


def test_a_fifo_under_a_pictures_name_is_refused_at_once(project: Path) -> None:
    result, seconds = run_left(project, "fifo.py")
    assert result["failure"] is not None and "x.svg is a FIFO, not a file" in result["failure"]
    assert seconds < 30


def test_a_folder_under_a_pictures_name_is_refused(project: Path) -> None:
    result, _ = run_left(project, "folder.py")
    assert result["failure"] is not None and "x.svg is a directory, not a file" in result["failure"]


def test_a_sparse_file_of_gigabytes_is_refused_before_it_is_read(project: Path) -> None:
    # Contained, the example cannot write a file past 64 MiB; the builder's reader must hold on its
    # own too, where examples run uncontained (a machine that refuses namespaces).
    result, seconds = run_left(project, "sparse.py", memory=1 << 30, contain=False)
    assert result["failure"] is not None and "big.svg has 1,500,000,000 bytes, more than 500,000" in result["failure"]
    assert seconds < 30


@pytest.mark.parametrize(
    ("script", "picture"), [("zero.py", "zero.svg"), ("environ.py", "leak.svg")], ids=["dev-zero", "environ"]
)
def test_a_link_left_under_a_pictures_name_is_not_followed(project: Path, script: str, picture: str) -> None:
    result, _ = run_left(project, script, memory=2 << 30)
    assert result["failure"] is not None and f"{picture} is a link; write the file itself" in result["failure"]
    assert SECRET not in json.dumps(result)


def test_a_picture_holding_a_path_of_the_machine_is_refused(project: Path) -> None:
    result, _ = run_left(project, "where.py")
    assert result["failure"] is not None
    assert "its picture where.svg would show a path of the build machine" in result["failure"]


def test_a_picture_nested_thousands_deep_is_refused_at_its_line(project: Path) -> None:
    result, _ = run_left(project, "deep.py")
    assert result["failure"] is not None and "deep.svg line 1, nested deeper than 64" in result["failure"]


def test_the_build_reports_each_leaving_at_its_directive(project: Path) -> None:
    """In a whole build, each refusal is an error at the directive that shows the example, not a crash."""
    (project / "index.md").write_text(
        "# Leavings\n\n"
        "```{example} examples/folder.py\n```\n\n"
        "```{example} examples/environ.py\n```\n\n"
        "```{example} examples/deep.py\n:image: deep.svg\n```\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "sphinx", "-b", "html", "--keep-going", str(project), str(project / "_build/html")]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=180, env={**os.environ, "LEAVINGS_SECRET": SECRET}
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the build hung")
    log = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Exception occurred" not in log and "Traceback" not in log, log[-3000:]
    assert "index.md:3: ERROR: example examples/folder.py" in log and "x.svg is a directory" in log, log[-3000:]
    assert "index.md:6: ERROR: example examples/environ.py" in log and "leak.svg is a link" in log, log[-3000:]
    assert "index.md:9: ERROR: example examples/deep.py" in log and "deep.svg line 1, nested deeper" in log, log[-3000:]
    cache = project / "_build/execdocs-cache"
    assert not cache.exists() or all(SECRET not in path.read_text() for path in cache.iterdir())


def update_expected(project: Path, *scripts: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "execdocs", "update-expected", *scripts, "--root", str(project)]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=project)
    except subprocess.TimeoutExpired:
        pytest.fail("update-expected hung")


def test_update_expected_does_not_write_through_a_committed_link(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.out"
    outside.write_text("a file outside the repository\n", encoding="utf-8")
    (project / "examples/drawn.out").symlink_to(outside)
    done = update_expected(project, "examples/drawn.py")
    assert outside.read_text(encoding="utf-8") == "a file outside the repository\n"
    assert (project / "examples/drawn.out").is_symlink()
    assert done.returncode == 1
    assert "examples/drawn.py: not updated: examples/drawn.out is a link; make it a plain file" in done.stderr


def test_update_expected_does_not_write_a_picture_through_a_committed_link(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_text("<svg/>", encoding="utf-8")
    (project / "examples/drawn.dot.svg").symlink_to(outside)
    done = update_expected(project, "examples/drawn.py")
    assert outside.read_text(encoding="utf-8") == "<svg/>"
    assert done.returncode == 1
    assert "examples/drawn.dot.svg is a link; make it a plain file" in done.stderr


def test_update_expected_does_not_reach_through_a_linked_folder(project: Path, tmp_path: Path) -> None:
    """A folder of the repository that links elsewhere is not a way out of it either."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "drawn.py").write_text((project / "examples/drawn.py").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "linked").symlink_to(elsewhere)
    done = update_expected(project, "linked/drawn.py")
    assert sorted(path.name for path in elsewhere.iterdir()) == ["drawn.py"]
    assert done.returncode != 0
    assert "lies outside the repository" in done.stderr


def test_update_expected_writes_plain_files(project: Path) -> None:
    done = update_expected(project, "examples/drawn.py")
    assert done.returncode == 0, done.stderr
    assert (project / "examples/drawn.out").read_text(encoding="utf-8") == "the new output\n"
    assert (project / "examples/drawn.dot.svg").read_text(encoding="utf-8").startswith("<svg")
    assert sorted(path.name for path in (project / "examples").glob(".*")) == []  # no temporary file left


def test_a_fifo_in_place_of_the_runs_record_is_refused(project: Path) -> None:
    result, seconds = run_left(project, "record_fifo.py")
    assert result["failure"] is not None and "record.json is a FIFO, not a file" in result["failure"]
    assert seconds < 30
