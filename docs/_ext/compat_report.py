"""The compatibility report: every example run under other TensorFlow releases, compared with the
committed expected output of the pinned release (``nox -s compat``).

Run as ``python docs/_ext/compat_report.py run ...`` once per release (``--python`` for an old
interpreter); each run writes one part of the report, which ``compat_merge.py`` checks and merges.

Releases of TensorFlow 2 run the examples as the build does, from an interpreter that has
``execdocs``. Releases of TensorFlow 1.x need a Python of their time (3.6, 3.7), which cannot
import it: the runner then starts that interpreter on :mod:`legacy_driver` (next to this file), a
driver of the standard library only, inside the run it contains, captures, caps and cleans as
every other (``RunSettings.standalone``).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from execdocs.config import for_root
from execdocs.core.cells import read_source
from execdocs.core.expected import expected_path, output_diff, scripts_of
from execdocs.core.runner import RunSettings, run_examples, sha256_of

REPORT_FORMAT = 2
#: Packages whose versions change what the examples print.
VERSIONED = ("tensorflow-cpu", "tensorflow", "tf-keras", "keras", "numpy")
#: The article's listings as printed in 2017, written for TensorFlow 1.x: they run on every release.
ORIGINAL_FOLDER = "examples/original/"
#: Next to a listing of the article, the output the article printed under it.
ARTICLE_SUFFIX = ".article"
LEGACY_DRIVER = Path(__file__).with_name("legacy_driver.py")

_IMPORTS_TENSORFLOW = re.compile(r"^[ \t]*(?:import|from)[ \t]+tensorflow\b", re.M)


def installed_versions() -> dict[str, str]:
    """The versions of the packages that matter, in this interpreter (the one running the examples)."""
    found = {"python": ".".join(map(str, sys.version_info[:3]))}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


_PYTHON_VERSION = "import sys; print('.'.join(map(str, sys.version_info[:3])))"


def interpreter_versions(python: str) -> dict[str, str]:
    """The same, for another interpreter, asked through its pip (old Pythons lack importlib.metadata)."""
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    packages = {item["name"].lower(): item["version"] for item in json.loads(listing)}
    found = {"python": subprocess.run([python, "-c", _PYTHON_VERSION], capture_output=True, text=True).stdout.strip()}
    found.update({name: packages[name] for name in VERSIONED if name in packages})
    return found


def tensorflow_version(versions: dict[str, str]) -> tuple[int, int]:
    """(major, minor) of the TensorFlow in ``versions``."""
    text = versions.get("tensorflow-cpu") or versions.get("tensorflow") or "0.0"
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def applies(relpath: str, source: str, tensorflow: tuple[int, int]) -> bool:
    """Whether the example is written for this release, so that running it there says something.

    The article's listings were written for TensorFlow 1.x and run on every release. The other
    examples call ``tensorflow.compat.v1`` (TensorFlow 1.13 and later) and, unless they call
    ``disable_v2_behavior()``, show TensorFlow 2's own behaviour, which 1.x does not have.
    """
    if relpath.startswith(ORIGINAL_FOLDER):
        return True
    if not _IMPORTS_TENSORFLOW.search(source) or tensorflow >= (2, 0):
        return True
    return tensorflow >= (1, 13) and "disable_v2_behavior()" in source


def release_settings(settings: RunSettings, python: str | None) -> RunSettings:
    """How the examples run for a release: as the build runs them, or under the old interpreter
    ``python`` through :mod:`legacy_driver`, still contained, captured and capped by the runner."""
    return settings if python is None else replace(settings, python=python, standalone=str(LEGACY_DRIVER))


def collect_run(label: str, scripts: list[Path], root: Path, settings: RunSettings, python: str | None = None) -> dict:
    """Run every script written for this release, here or under ``python``; record what each printed."""
    versions = interpreter_versions(python) if python else installed_versions()
    release = tensorflow_version(versions)
    chosen = [
        script
        for script in scripts
        if applies(script.resolve().relative_to(root.resolve()).as_posix(), read_source(script), release)
    ]
    examples = {}
    for result in run_examples(chosen, root, release_settings(settings, python)).values():
        examples[result.path] = {
            "sha256": result.sha256,
            "output": result.output if result.failure is None else None,
            "failure": result.failure,
            "exception": result.exception if result.failure is None else None,
        }
    return {"label": label, "versions": versions, "examples": examples}


def printed_lines(text: str) -> list[str]:
    """The lines that say what a run printed: no blank line, no traceback frame."""
    kept, in_frame = [], False
    for line in text.splitlines():
        if line.startswith('  File "'):
            in_frame = True
        elif in_frame and line.startswith("    "):
            continue  # the frame's source line (and, on Python 3.11, its carets)
        else:
            in_frame = False
            if line.strip() and line != "Traceback (most recent call last):":
                kept.append(line.rstrip())
    return kept


# A line under a traceback frame's source that only points into it (`^^^^`, `~~~~^^^^`).
_CARETS = re.compile(r"\s+[~^]+\s*")


def without_carets(output: str) -> str:
    """The output without the carets under a traceback's source lines: each Python draws them its
    own way (3.6 none, 3.11 under most calls, 3.13 not under a whole line, with ~ for the callee), so a
    release run on another Python than the build's prints the same error with other carets."""
    return "".join(line for line in output.splitlines(keepends=True) if not _CARETS.fullmatch(line.rstrip("\n")))


def prints_article(output: str, article: str) -> bool:
    """Whether a run printed what the article printed: every line it shows, in order, and no other.

    Blank lines do not count (the article added them by hand between the cases), nor traceback
    frames, which name the machine and the way the code was run (a notebook, in the article).
    """
    return printed_lines(output) == printed_lines(article)


def merge_runs(runs: list[dict], scripts: list[Path], root: Path) -> dict:
    """Compare each run with the committed expected outputs; one entry per example and release."""
    report: dict = {"format": REPORT_FORMAT, "runs": [], "examples": {}}
    for run in runs:
        report["runs"].append({"label": run["label"], "versions": run["versions"]})
    for script in scripts:
        relpath = script.resolve().relative_to(root.resolve()).as_posix()
        source = read_source(script)
        committed = expected_path(script)
        expected = committed.read_text(encoding="utf-8") if committed.is_file() else ""
        article_file = script.with_suffix(ARTICLE_SUFFIX)
        article = article_file.read_text(encoding="utf-8") if article_file.is_file() else None
        entry: dict = {"sha256": sha256_of(script), "results": {}}
        for run in runs:
            label = run["label"]
            got = run["examples"].get(relpath)
            if not applies(relpath, source, tensorflow_version(run["versions"])):
                entry["results"][label] = {"status": "not_applicable"}
                continue
            if got is None or got["sha256"] != entry["sha256"]:
                raise SystemExit(f"the run for {label} did not run the current {relpath}; run it again")
            if got["failure"] is not None:
                result = {"status": "fails", "detail": got["failure"]}
            elif without_carets(got["output"]) == without_carets(expected):
                result = {"status": "same"}
            else:
                diff = output_diff(expected, got["output"], relpath)
                result = {"status": "differs", "detail": diff, "output": got["output"]}
            if got.get("exception"):
                result["exception"] = got["exception"]
            if article is not None and got["output"] is not None:
                result["prints_article"] = prints_article(got["output"], article)
            entry["results"][label] = result
        report["examples"][relpath] = entry
    return report


def write_json(data: dict, path: Path) -> None:
    """Write ``data`` as stable, readable JSON (a reviewed, committed file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """The command line: ``run`` the examples here and record them as one part of the report."""
    from compat_merge import provenance  # which imports this module

    parser = argparse.ArgumentParser(prog="compat_report.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run every example here and record its output")
    run.add_argument("--label", required=True, help="name of this run, e.g. the TensorFlow version")
    run.add_argument("--out", required=True, type=Path, help="where to write the run's JSON")
    run.add_argument("paths", nargs="+", type=Path)
    run.add_argument("--root", type=Path, default=Path.cwd())
    run.add_argument(
        "--python",
        help="run the examples under this interpreter (e.g. Python 3.6 for TensorFlow 1.x) instead of this one",
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        settings = for_root(root)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    scripts = scripts_of(args.paths)
    run_data = collect_run(args.label, scripts, root, settings.run_settings(timeout=300.0), args.python)
    run_data.update(provenance(scripts, root))  # what compat_merge.py checks the part against
    write_json(run_data, args.out)
    print(f"wrote {args.out}: {len(run_data['examples'])} of {len(scripts)} examples apply to {args.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
