"""Command line: rewrite expected outputs (``update-expected``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from execdocs.config import for_root
from execdocs.core.expected import scripts_of, update_expected


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m execdocs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    update = commands.add_parser("update-expected", help="rerun examples and rewrite their .out files")
    update.add_argument("paths", nargs="+", type=Path, help="example scripts, or folders of them")
    update.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: here)")
    update.add_argument("--timeout", type=float, help="seconds per example (default: execdocs_timeout of conf.py)")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    try:
        settings = for_root(root)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    scripts = scripts_of(args.paths)
    outside = [script for script in scripts if not script.is_relative_to(root)]
    if outside:
        print(f"{outside[0]} lies outside the repository {root}; give examples inside it", file=sys.stderr)
        return 2
    timeout = {"timeout": args.timeout} if args.timeout else {}
    problems = update_expected(scripts, root, settings.run_settings(**timeout))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(scripts)} examples run, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
