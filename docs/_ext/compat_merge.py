"""Merge the parts of the compatibility report, one per release, into the report the site shows.

Each part is written by ``compat_report.py run`` (``nox -s "compat_run(tensorflow='...')"``), on
this machine or in one job of CI's matrix. Before anything is merged, every part is checked
against this checkout: there must be one for each release named on the command line, each must be
well formed, and each must have been made from this commit and from these examples. A part that
fails a check stops the merge with a message naming its file and what to do::

    python docs/_ext/compat_merge.py --out docs/compat.json \\
        --examples examples --examples examples/original \\
        "1.2.1=_build/compat/1.2.1.json" "2.21.0=_build/compat/2.21.0.json"

``nox -s compat`` runs every part here and then this; CI's last job runs it on the parts its
matrix uploaded (``nox -s compat_merge``). Both write the same file from the same code.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from compat_report import merge_runs, write_json

from execdocs.core.expected import example_scripts
from execdocs.core.runner import sha256_of

#: The examples the site runs, unless ``--examples`` names others.
DEFAULT_FOLDERS = (Path("examples"), Path("examples/original"))


class PartError(SystemExit):
    """A part that cannot be merged: the message names its file and what to do."""


def current_commit(root: Path) -> str | None:
    """The commit checked out at ``root``, or None outside a git checkout."""
    try:
        found = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=root, check=False)
    except OSError:
        return None
    if found.returncode != 0:
        return None
    return found.stdout.strip() or None


def examples_digest(scripts: list[Path], root: Path) -> str:
    """One SHA-256 for a set of examples: their paths under ``root`` and their bytes, in any order."""
    lines = sorted(
        f"{script.resolve().relative_to(root.resolve()).as_posix()} {sha256_of(script)}\n" for script in scripts
    )
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def provenance(scripts: list[Path], root: Path, today: datetime.date | None = None) -> dict[str, str | None]:
    """What a part records about where it comes from: the commit, the examples, and the day it ran (UTC)."""
    day = today or datetime.datetime.now(datetime.UTC).date()
    return {
        "commit": current_commit(root),
        "examples_digest": examples_digest(scripts, root),
        "checked": day.isoformat(),
    }


def _malformed(path: Path, what: str) -> PartError:
    return PartError(f"{path}: not a part of the release report ({what}); run its compat_run session again")


def _check_entry(path: Path, name: str, entry: object) -> None:
    if not isinstance(entry, dict):
        raise _malformed(path, f"examples[{name!r}] is not an object")
    if not isinstance(entry.get("sha256"), str):
        raise _malformed(path, f"examples[{name!r}] has no sha256")
    for key in ("output", "failure"):
        if key not in entry or not isinstance(entry[key], str | None):
            raise _malformed(path, f"examples[{name!r}].{key} is missing or not text")
    if (entry["output"] is None) == (entry["failure"] is None):
        raise _malformed(path, f"examples[{name!r}] needs either an output or a failure")


def read_part(path: Path, label: str) -> dict:
    """The part at ``path``, for the release ``label``, once its shape is checked."""
    if not path.is_file():
        raise PartError(
            f"{path}: there is no part for TensorFlow {label}, which COMPAT_RUNS lists; run "
            f"`nox -s \"compat_run(tensorflow='{label}')\"` (or, in CI, look at why that job uploaded none)"
        )
    try:
        part = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _malformed(path, f"it is not JSON: {error}") from None
    if not isinstance(part, dict):
        raise _malformed(path, "it is not a JSON object")
    if part.get("label") != label:
        raise _malformed(path, f"it is labelled {part.get('label')!r}, not {label!r}")
    versions = part.get("versions")
    if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
        raise _malformed(path, "its versions are not a table of names and versions")
    if not isinstance(versions.get("python"), str):
        raise _malformed(path, "its versions do not name the Python that ran it")
    for key in ("examples_digest", "checked"):
        if not isinstance(part.get(key), str):
            raise _malformed(path, f"it does not record {key}")
    if "commit" not in part or not isinstance(part["commit"], str | None):
        raise _malformed(path, "it does not record its commit")
    try:
        datetime.date.fromisoformat(part["checked"])
    except ValueError:
        raise _malformed(path, f"checked is {part['checked']!r}, not a date (YYYY-MM-DD)") from None
    examples = part.get("examples")
    if not isinstance(examples, dict):
        raise _malformed(path, "it has no examples")
    for name, entry in examples.items():
        _check_entry(path, name, entry)
    return part


def check_origin(path: Path, part: dict, commit: str | None, digest: str) -> None:
    """Refuse a part made from another commit, or from other examples, than this checkout's."""
    if part["commit"] != commit:
        raise PartError(
            f"{path}: the part for TensorFlow {part['label']} was made from commit {part['commit']}, "
            f"and this checkout is {commit}; run it again on this commit"
        )
    if part["examples_digest"] != digest:
        raise PartError(
            f"{path}: the part for TensorFlow {part['label']} ran other examples than this checkout's "
            "(an example was added, removed or edited since); run it again"
        )


def merge_parts(parts: dict[str, Path], scripts: list[Path], root: Path) -> dict:
    """The report from one part per release, in the order given, each checked first."""
    commit, digest = current_commit(root), examples_digest(scripts, root)
    runs = []
    for label, path in parts.items():
        part = read_part(path, label)
        check_origin(path, part, commit, digest)
        runs.append(part)
    report = merge_runs(runs, scripts, root)
    for entry, part in zip(report["runs"], runs, strict=True):
        entry["checked"] = part["checked"]
    return report


def _part_argument(text: str) -> tuple[str, Path]:
    label, sep, path = text.rpartition("=")
    if not sep or not label or not path:
        raise argparse.ArgumentTypeError(f"{text!r} is not LABEL=PATH")
    return label, Path(path)


def main(argv: list[str] | None = None) -> int:
    """The command line: check the parts, merge them, write the report."""
    parser = argparse.ArgumentParser(prog="compat_merge.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="the report to write (docs/compat.json)")
    parser.add_argument(
        "--examples",
        type=Path,
        action="append",
        help="folder of examples (repeat for several; default: examples and examples/original)",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument(
        "parts", nargs="+", type=_part_argument, metavar="LABEL=PATH", help="each release and its part, oldest first"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    folders = args.examples or list(DEFAULT_FOLDERS)
    scripts = [script for folder in folders for script in example_scripts((root / folder).resolve())]
    report = merge_parts(dict(args.parts), scripts, root)
    write_json(report, args.out)
    print(f"wrote {args.out}: {len(report['examples'])} examples on {[run['label'] for run in report['runs']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
