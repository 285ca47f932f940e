"""The compatibility report: every example run under other TensorFlow releases, compared with the
committed expected output of the pinned release."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from execdocs.expected import expected_path, output_diff
from execdocs.runner import RunSettings, run_examples, sha256_of

REPORT_FORMAT = 1
#: Packages whose versions change what the examples print.
VERSIONED = ("tensorflow-cpu", "tensorflow", "tf-keras", "keras", "numpy")


def installed_versions() -> dict[str, str]:
    """The versions of the packages that matter, in this interpreter (the one running the examples)."""
    found = {}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def collect_run(label: str, scripts: list[Path], root: Path, settings: RunSettings) -> dict:
    """Run every script here and record what each printed, with the versions that printed it."""
    results = run_examples(scripts, root, settings)
    examples = {}
    for result in results.values():
        examples[result.path] = {
            "sha256": result.sha256,
            "output": result.output if result.failure is None else None,
            "failure": result.failure,
        }
    return {"label": label, "versions": installed_versions(), "examples": examples}


def merge_runs(runs: list[dict], scripts: list[Path], root: Path) -> dict:
    """Compare each run with the committed expected outputs; one entry per example and release."""
    report: dict = {"format": REPORT_FORMAT, "runs": [], "examples": {}}
    for run in runs:
        report["runs"].append({"label": run["label"], "versions": run["versions"]})
    for script in scripts:
        relpath = script.resolve().relative_to(root.resolve()).as_posix()
        committed = expected_path(script)
        expected = committed.read_text(encoding="utf-8") if committed.is_file() else ""
        entry: dict = {"sha256": sha256_of(script), "results": {}}
        for run in runs:
            got = run["examples"].get(relpath)
            if got is None or got["sha256"] != entry["sha256"]:
                raise SystemExit(f"the run for {run['label']} did not run the current {relpath}; run it again")
            if got["failure"] is not None:
                entry["results"][run["label"]] = {"status": "fails", "detail": got["failure"]}
            elif got["output"] == expected:
                entry["results"][run["label"]] = {"status": "same"}
            else:
                diff = output_diff(expected, got["output"], relpath)
                entry["results"][run["label"]] = {"status": "differs", "detail": diff}
        report["examples"][relpath] = entry
    return report


def write_json(data: dict, path: Path) -> None:
    """Write ``data`` as stable, readable JSON (a reviewed, committed file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
