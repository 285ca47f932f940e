"""The records the build, the warm parent and the child exchange: one typed form, both ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from execdocs.core.capture import Capture
from execdocs.core.protocol import (
    CellFailure,
    Exited,
    Forked,
    ProtocolError,
    Raised,
    Ready,
    RunRecord,
    RunRequest,
    reply_from_wire,
    reply_to_wire,
)

ROOT = Path(__file__).resolve().parent.parent


def test_a_request_survives_the_wire_as_one_line() -> None:
    request = RunRequest("/r/a.py", "a.py", "/p/record.json", "/w", {"HOME": "/w", "X": "é"}, 7)
    line = request.to_wire()
    assert line.endswith("\n") and line.count("\n") == 1
    assert RunRequest.from_wire(line.encode()) == request


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"id": "7"}, "'id'"),
        ({"env": {"X": 1}}, "'env'"),
        ({"work": None}, "'work'"),
        ({"record": ["x"]}, "'record'"),
        ({"contain": "yes"}, "'contain'"),
    ],
)
def test_a_request_with_a_wrong_field_is_refused_naming_it(change: dict, named: str) -> None:
    data = json.loads(RunRequest("/a.py", "a.py", "/r", "/w", {}, 1).to_wire())
    data.update(change)
    with pytest.raises(ProtocolError, match=named):
        RunRequest.from_wire(json.dumps(data))


def test_replies_survive_the_wire() -> None:
    for reply in (Ready(), Forked(3, 1234), Exited(1234, -9)):
        assert reply_from_wire(reply_to_wire(reply)) == reply
    with pytest.raises(ProtocolError, match="kind"):
        reply_from_wire('{"pid": 1, "exit": 0}')


def test_a_record_survives_the_file() -> None:
    record = RunRecord(Raised("ValueError", 4), 0, None, "no user namespaces")
    assert RunRecord.from_json(record.to_json()) == record
    failed = RunRecord(cell_error=CellFailure("a cell marker inside a function", 12))
    assert RunRecord.from_json(failed.to_json()) == failed
    with pytest.raises(ProtocolError, match="'exit_code'"):
        RunRecord.from_json('{"exception": null, "exit_code": "0", "cell_error": null, "isolation": null}')


def test_the_child_writes_the_record_the_runner_reads_and_marks_each_cell(tmp_path: Path) -> None:
    """The fresh child (``python -m execdocs.core.driver``) writes its output into the capture's
    pipes, marks where each cell ends, and leaves a record that RunRecord reads."""
    script = tmp_path / "ex.py"
    script.write_text("print('a')\n# %%\nprint('bb')\nraise KeyError('k')\n", encoding="utf-8")
    capture = Capture(1_000, cells=2)
    out, err, marks, acks = capture.child_fds
    record_path = tmp_path / "record.json"
    command = [sys.executable, "-m", "execdocs.core.driver", str(script), "ex.py", str(record_path)]
    child = subprocess.Popen(
        [*command, str(marks), str(acks)],
        stdout=out,
        stderr=err,
        pass_fds=(marks, acks),
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    while child.poll() is None:
        capture.pump(0.02)
    capture.drain()
    capture.close()
    assert child.returncode == 0, bytes(capture.stderr)
    record = RunRecord.from_json(record_path.read_text(encoding="utf-8"))
    assert record.exception == Raised("KeyError", 4)
    assert record.exit_code == 0
    first, second = capture.ends  # the second cell ends with the traceback it printed
    assert bytes(capture.stdout[:first]) == b"a\n"
    assert bytes(capture.stdout[first:second]).startswith(b"bb\nTraceback")
    assert second == capture.stdout_size == len(capture.stdout)
