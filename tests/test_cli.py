"""The command line: ``python -m execdocs update-expected`` as a writer runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "execdocs", "update-expected", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=300)


def test_update_expected_writes_outputs_and_names_what_failed(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "good.py").write_text('print("fresh output")\n', encoding="utf-8")
    (examples / "good.out").write_text("last year's output\n", encoding="utf-8")
    (examples / "same.py").write_text('print("same")\n', encoding="utf-8")
    (examples / "same.out").write_text("same\n", encoding="utf-8")
    done = cli(tmp_path, "examples")
    assert done.returncode == 0, done.stderr
    assert (examples / "good.out").read_text(encoding="utf-8") == "fresh output\n"
    assert done.stdout.splitlines() == ["updated examples/good.out", "2 examples run, 0 failed"]
    (examples / "bad.py").write_text("import sys\nsys.exit(4)\n", encoding="utf-8")
    failed = cli(tmp_path, "examples/bad.py")
    assert failed.returncode == 1
    assert "examples/bad.py failed: it called sys.exit(4)" in failed.stderr
    assert not (examples / "bad.out").exists()
