"""The records the build, the warm parent and the child exchange: one typed form, both ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
    request = RunRequest("/r/a.py", "a.py", "/p/record.json", "/p/out", "/p/err", "/w", {"HOME": "/w", "X": "é"}, 7)
    line = request.to_wire()
    assert line.endswith("\n") and line.count("\n") == 1
    assert RunRequest.from_wire(line.encode()) == request


@pytest.mark.parametrize(
    ("change", "named"),
    [({"id": "7"}, "'id'"), ({"env": {"X": 1}}, "'env'"), ({"work": None}, "'work'"), ({"out": ["x"]}, "'out'")],
)
def test_a_request_with_a_wrong_field_is_refused_naming_it(change: dict, named: str) -> None:
    data = json.loads(RunRequest("/a.py", "a.py", "/r", "/o", "/e", "/w", {}, 1).to_wire())
    data.update(change)
    with pytest.raises(ProtocolError, match=named):
        RunRequest.from_wire(json.dumps(data))


def test_replies_survive_the_wire() -> None:
    for reply in (Ready(), Forked(3, 1234), Exited(1234, -9)):
        assert reply_from_wire(reply_to_wire(reply)) == reply
    with pytest.raises(ProtocolError, match="kind"):
        reply_from_wire('{"pid": 1, "exit": 0}')


def test_a_record_survives_the_file() -> None:
    record = RunRecord((3, 9), Raised("ValueError", 4), 0, None, "no user namespaces")
    assert RunRecord.from_json(record.to_json()) == record
    failed = RunRecord(cell_error=CellFailure("a cell marker inside a function", 12))
    assert RunRecord.from_json(failed.to_json()) == failed
    with pytest.raises(ProtocolError, match="'ends'"):
        RunRecord.from_json('{"ends": ["3"], "exception": null, "exit_code": 0, "cell_error": null, "isolation": null}')


def test_the_child_writes_the_record_the_runner_reads(tmp_path: Path) -> None:
    """The fresh child (``python -m execdocs.core.driver``) writes a record that RunRecord reads."""
    script = tmp_path / "ex.py"
    script.write_text("print('a')\n# %%\nprint('bb')\nraise KeyError('k')\n", encoding="utf-8")
    record_path = tmp_path / "private" / "record.json"
    record_path.parent.mkdir()
    out = tmp_path / "out"
    with open(out, "wb") as stdout:
        subprocess.run(
            [sys.executable, "-m", "execdocs.core.driver", str(script), "ex.py", str(record_path)],
            stdout=stdout,
            cwd=tmp_path,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            check=True,
        )
    record = RunRecord.from_json(record_path.read_text(encoding="utf-8"))
    assert record.ends[0] == 2  # "a\n"
    assert record.exception == Raised("KeyError", 4)
    assert record.exit_code == 0
    assert out.read_bytes()[: record.ends[0]] == b"a\n"
