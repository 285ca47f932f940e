"""Examples that write into every descriptor they inherit (tests/roots/test-channels): none of it can
block the builder, stop its clock or move a line out of sight; the run ends within its time limit,
shown as it printed or failed with the reason.

Each run happens in a separate process with a deadline, so that a builder that blocks fails the
test instead of hanging the test run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.util import REPOSITORY, marked_project

#: Each run's time limit, in seconds, and how much longer the separate process may take to report.
TIMEOUT = 6
SLACK = 30

_RUN = """
import json, sys
from pathlib import Path
from execdocs.core.runner import RunSettings, run_example
root, name, timeout, fork, contain = sys.argv[1:]
settings = RunSettings(timeout=float(timeout), max_output_bytes=100_000, fork=fork == "1", contain=contain == "1")
print(json.dumps(run_example(root / Path("examples", name), Path(root), settings).to_json()))
"""


@pytest.fixture
def channels(tmp_path: Path) -> Iterator[Path]:
    yield from marked_project("channels", tmp_path / "channels")


def finish(process: subprocess.Popen[str], seconds: float, what: str) -> str:
    """The process's standard output once it ended; the test fails if it takes more than ``seconds``."""
    try:
        output, errors = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, errors = process.communicate()
        pytest.fail(f"{what} hung: no end after {seconds:g} s\n{output}\n{errors}")
    assert process.returncode == 0, errors
    return output


def run(srcdir: Path, name: str, fork: bool, contain: bool = True) -> dict:
    """Run one example of the project in a process of its own; its result, as plain data."""
    command = [sys.executable, "-c", _RUN, str(srcdir), name, str(TIMEOUT), str(int(fork)), str(int(contain))]
    process = subprocess.Popen(
        command, cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    return json.loads(finish(process, TIMEOUT + SLACK, f"the run of {name}"))


fork = pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])


@fork
@pytest.mark.parametrize(
    "name", ["write_every_descriptor.py", "stray_newline.py", "unterminated_mark.py", "flood_every_pipe.py"]
)
def test_what_is_written_into_the_marks_pipe_fails_the_run_at_once(channels: Path, name: str, fork: bool) -> None:
    result = run(channels, name, fork)
    assert "the runner's pipe of cell marks" in (result["failure"] or ""), result
    assert result["seconds"] < TIMEOUT  # stopped for what it wrote, not by its clock


@fork
@pytest.mark.parametrize("name", ["replace_descriptors.py", "close_descriptors.py"])
def test_a_script_that_closes_or_replaces_the_runners_descriptors_fails_located(
    channels: Path, name: str, fork: bool
) -> None:
    result = run(channels, name, fork)
    assert "in the cell from line 3, the script closed or replaced descriptor" in (result["failure"] or ""), result
    assert result["failure_line"] == 3


@fork
def test_pipes_made_non_blocking_by_the_script_still_carry_every_cell(channels: Path, fork: bool) -> None:
    result = run(channels, "nonblocking_pipes.py", fork)
    assert (result["failure"], result["cells"]) == (None, ["first\n", "second\n", "third\n"])


@fork
@pytest.mark.parametrize("contain", [True, False], ids=["contained", "uncontained"])
def test_a_process_left_holding_standard_output_does_not_hold_the_run(
    channels: Path, fork: bool, contain: bool
) -> None:
    result = run(channels, "grandchild_keeps_stdout.py", fork, contain)
    assert (result["failure"], result["cells"]) == (None, ["started\n"])
    assert result["seconds"] < TIMEOUT


@fork
def test_a_script_that_stops_itself_is_stopped_at_its_time_limit(channels: Path, fork: bool) -> None:
    result = run(channels, "stops_itself.py", fork)
    assert f"did not finish within {TIMEOUT} s" in (result["failure"] or ""), result


def test_a_forked_run_inherits_what_a_fresh_one_does(channels: Path) -> None:
    """Nothing of the warm parent's own (its wake-up pipe) reaches the example."""
    fresh, forked = (run(channels, "count_descriptors.py", fork) for fork in (False, True))
    assert fresh["failure"] is None
    assert forked["cells"] == fresh["cells"]


@fork
def test_a_build_with_an_example_that_jams_every_pipe_ends_located(channels: Path, fork: bool) -> None:
    (channels / "index.md").write_text(
        "# Jammed\n\n```{example} examples/write_every_descriptor.py\n```\n\n```{example} examples/victim.py\n```\n",
        encoding="utf-8",
    )
    env = {**os.environ, "CHANNELS_FORK": str(int(fork)), "CHANNELS_TIMEOUT": str(TIMEOUT)}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", str(channels), "_build/html"]
    process = subprocess.Popen(
        command,
        cwd=channels,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    start = time.monotonic()
    output = finish_build(process)
    assert time.monotonic() - start < TIMEOUT + SLACK
    assert "index.md:3: ERROR: example examples/write_every_descriptor.py" in output
    assert "the runner's pipe of cell marks" in output
    soup = BeautifulSoup((channels / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [pre.get_text() for pre in soup.select("div.execdocs-output pre")] == ["the real output\n"]


def finish_build(process: subprocess.Popen[str]) -> str:
    try:
        output, _ = process.communicate(timeout=TIMEOUT + SLACK + 30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"the build hung:\n{output}")
    assert process.returncode == 1, output  # the jamming example's error (-W)
    return output


@pytest.mark.parametrize(
    ("written", "why"),
    [
        (b"1\n3\n", "b'3' where the mark of cell 2 was due"),
        (b"1\n2\n3\n", "b'3' where the mark of cell 3 was due"),  # the script has two cells
        (b"\n", "b'' where the mark of cell 1 was due"),
        (b"1" * 100, "b'111111111111'... with no end of line"),
    ],
)
def test_the_reader_takes_a_mark_only_for_the_next_cell(written: bytes, why: str) -> None:
    from execdocs.core.capture import Capture

    capture = Capture(1_000, cells=2)
    _, _, marks, _ = capture.child_fds
    os.write(marks, written)
    capture.drain()
    capture.close()
    assert why in (capture.violation or ""), capture.violation


def test_the_reader_never_blocks_on_an_answer_nobody_reads() -> None:
    from execdocs.core.capture import Capture

    capture = Capture(1_000, cells=1_000_000)
    _, _, marks, _ = capture.child_fds
    for number in range(1, 1_000_000):  # more answers than the pipe of answers holds, none of them read
        os.write(marks, b"%d\n" % number)
        capture.drain()
        if capture.violation is not None:
            break
    capture.close()
    assert "marks faster than the answers to them were read" in (capture.violation or "")
