"""Command line: ``python -m execdocs update-expected examples`` rewrites the expected outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from execdocs.expected import example_scripts, update_expected
from execdocs.runner import RunSettings


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m execdocs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    update = commands.add_parser("update-expected", help="rerun examples and rewrite their .out files")
    update.add_argument("paths", nargs="+", type=Path, help="example scripts, or folders of them")
    update.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: here)")
    update.add_argument("--timeout", type=float, default=RunSettings.timeout)
    args = parser.parse_args(argv)

    root = args.root.resolve()
    scripts = []
    for path in args.paths:
        path = path.resolve()
        scripts.extend(example_scripts(path) if path.is_dir() else [path])
    problems = update_expected(scripts, root, RunSettings(timeout=args.timeout))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(scripts)} examples run, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
