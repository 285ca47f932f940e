"""The weekly drift watch: when it speaks up, and what its issue tells the maintainers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from drift_issue import DIFF_LIMIT, LABEL, TITLE, main

DIFF = """--- examples/05_reuse.py (committed)
+++ examples/05_reuse.py (this run)
@@ -1,2 +1,2 @@
-<tf.Variable 'v:0' shape=(1,) dtype=float32>
+<tf.Variable 'v:0' shape=(1,) dtype=float32, numpy=array([1.], dtype=float32)>
"""


def drift(**changes: object) -> dict:
    found: dict = {
        "checked": "2026-12-07",
        "python": "3.13.0",
        "versions": {"tensorflow-cpu": "2.22.0", "tf-keras": "2.22.0", "numpy": "2.5.0"},
        "differs": [],
        "patches_unneeded": [],
        "build_ok": True,
        "tests_ok": True,
    }
    found.update(changes)
    return found


def watch(tmp_path: Path, capsys: pytest.CaptureFixture[str], report: dict | str) -> tuple[dict[str, str], Path]:
    """Run the watch's step on a drift.json; return its outputs and where the body goes."""
    path = tmp_path / "drift.json"
    path.write_text(report if isinstance(report, str) else json.dumps(report), encoding="utf-8")
    body = tmp_path / "issue.md"
    assert main([str(path), "--body", str(body), "--run-url", "https://ci.test/runs/7"]) == 0
    outputs = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    return outputs, body


def test_nothing_changed_stays_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs, body = watch(tmp_path, capsys, drift(patches_unneeded=["numpy<2 print options"]))
    assert outputs == {"changed": "false", "title": TITLE, "label": LABEL}
    assert not body.exists()


def test_a_changed_output_names_the_example_its_pages_and_shows_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    differs = [
        {"example": "examples/05_reuse.py", "diff": DIFF, "pages": ["tf2", "reuse"]},
        {"example": "examples/09_alone.py", "diff": "-a\n+b\n", "pages": []},
    ]
    outputs, body = watch(tmp_path, capsys, drift(differs=differs))
    assert outputs["changed"] == "true"
    text = body.read_text(encoding="utf-8")
    assert text.startswith(
        "On 2026-12-07 the drift watch ran the site on the newest releases: "
        "numpy 2.5.0, tensorflow-cpu 2.22.0, tf-keras 2.22.0, on Python 3.13.0.\n"
    )
    assert "- 2 examples print something else than their committed outputs:\n" in text
    assert "  - `examples/05_reuse.py`, quoted on `docs/tf2.md`, `docs/reuse.md`\n" in text
    assert "  - `examples/09_alone.py`, no page quotes it\n" in text
    assert f"### `examples/05_reuse.py`\n\n```diff\n{DIFF}```\n" in text
    assert "https://ci.test/runs/7" in text
    assert "does not build" not in text and "tests fail" not in text


def test_a_broken_build_or_tests_speak_up_without_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs, body = watch(tmp_path, capsys, drift(build_ok=False, tests_ok=False))
    assert outputs["changed"] == "true"
    text = body.read_text(encoding="utf-8")
    assert "- **The site does not build** on these releases.\n" in text
    assert "- **The tests fail** on these releases.\n" in text


def test_a_diff_that_quotes_a_fence_or_is_huge_stays_inside_its_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fenced = "-```\n+````python\n"
    huge = "".join(f"+line {n}\n" for n in range(5000))
    differs = [
        {"example": "examples/01_fence.py", "diff": fenced, "pages": ["patterns"]},
        {"example": "examples/02_huge.py", "diff": huge, "pages": ["tf2"]},
    ]
    _, body = watch(tmp_path, capsys, drift(differs=differs))
    text = body.read_text(encoding="utf-8")
    assert f"`````diff\n{fenced}`````\n" in text
    huge_block = text.split("### `examples/02_huge.py`")[1]
    assert "more characters in the run's drift.json" in huge_block
    assert len(huge_block) < DIFF_LIMIT + 200
    assert len(text) < 65_536


@pytest.mark.parametrize(
    ("report", "said"),
    [
        ("{", "not JSON"),
        (json.dumps(drift(differs="none")), "`differs` is not a list"),
        (json.dumps(drift(build_ok="yes")), "`build_ok` is not true or false"),
        (json.dumps(drift(differs=[{"example": "examples/a.py"}])), "differs[0].diff is not text"),
    ],
)
def test_a_drift_file_not_from_the_latest_session_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: str, said: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        watch(tmp_path, capsys, report)
    assert str(stop.value).startswith(f"{tmp_path / 'drift.json'}: {said}")
