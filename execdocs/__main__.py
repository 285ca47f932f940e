"""Command line: rewrite expected outputs (``update-expected``), run and compare examples on other
TensorFlow releases (``compat-run``, ``compat-report``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from execdocs.compat import collect_run, merge_runs, write_json
from execdocs.config import ExecdocsConfig, from_conf_file
from execdocs.core.expected import example_scripts, update_expected


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m execdocs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    update = commands.add_parser("update-expected", help="rerun examples and rewrite their .out files")
    update.add_argument("paths", nargs="+", type=Path, help="example scripts, or folders of them")
    update.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: here)")
    update.add_argument("--timeout", type=float, help="seconds per example (default: execdocs_timeout of conf.py)")
    run = commands.add_parser("compat-run", help="run every example here and record its output")
    run.add_argument("--label", required=True, help="name of this run, e.g. the TensorFlow version")
    run.add_argument("--out", required=True, type=Path, help="where to write the run's JSON")
    run.add_argument("paths", nargs="+", type=Path)
    run.add_argument("--root", type=Path, default=Path.cwd())
    run.add_argument(
        "--python",
        help="run the examples under this interpreter (e.g. Python 3.6 for TensorFlow 1.x) instead of this one",
    )
    merge = commands.add_parser("compat-report", help="compare runs with the expected outputs")
    merge.add_argument("--out", required=True, type=Path, help="the report to write")
    merge.add_argument(
        "--examples",
        type=Path,
        action="append",
        help="folder of examples (repeat for several; default: examples and examples/original)",
    )
    merge.add_argument("--root", type=Path, default=Path.cwd())
    merge.add_argument("runs", nargs="+", type=Path, help="JSON files written by compat-run")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    # The examples run as the build runs them: with the execdocs_* settings of the root's conf.py.
    conf = root / "conf.py"
    try:
        settings = from_conf_file(conf) if conf.is_file() else ExecdocsConfig()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if args.command == "compat-report":
        runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.runs]
        folders = args.examples or [Path("examples"), Path("examples/original")]
        described = [script for folder in folders for script in example_scripts(folder.resolve())]
        report = merge_runs(runs, described, root)
        write_json(report, args.out)
        print(f"wrote {args.out}: {len(report['examples'])} examples on {[r['label'] for r in runs]}")
        return 0
    scripts: list[Path] = []
    for path in args.paths:
        path = path.resolve()
        scripts.extend(example_scripts(path) if path.is_dir() else [path])
    outside = [script for script in scripts if not script.is_relative_to(root)]
    if outside:
        print(f"{outside[0]} lies outside the repository {root}; give examples inside it", file=sys.stderr)
        return 2
    if args.command == "compat-run":
        run_data = collect_run(args.label, scripts, root, settings.run_settings(timeout=300.0), args.python)
        write_json(run_data, args.out)
        print(f"wrote {args.out}: {len(run_data['examples'])} of {len(scripts)} examples apply to {args.label}")
        return 0
    timeout = {"timeout": args.timeout} if args.timeout else {}
    problems = update_expected(scripts, root, settings.run_settings(**timeout))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(scripts)} examples run, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
