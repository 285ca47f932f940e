"""The doctest: each example's committed expected output, compared with a fresh run."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from execdocs.core.files import UntrustedFileError, read_repository_file, write_repository_file
from execdocs.core.images import image_differences, write_expected_images
from execdocs.core.runner import RunResult, RunSettings, run_examples, sha256_of

EXPECTED_SUFFIX = ".out"


def example_scripts(folder: Path) -> list[Path]:
    """The examples in ``folder``: every ``*.py`` except helper modules named ``_*.py``."""
    return sorted(path for path in folder.glob("*.py") if not path.name.startswith("_"))


def scripts_of(paths: list[Path]) -> list[Path]:
    """The scripts that ``paths`` name: each file itself, each folder's :func:`example_scripts`."""
    scripts: list[Path] = []
    for path in (path.resolve() for path in paths):
        scripts.extend(example_scripts(path) if path.is_dir() else [path])
    return scripts


def expected_path(script: Path) -> Path:
    """Where the committed expected output of ``script`` lives: next to it."""
    return script.with_suffix(EXPECTED_SUFFIX)


def output_diff(expected: str, actual: str, name: str) -> str:
    """A unified diff from the committed output to the real one."""
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (committed)",
        tofile=f"{name} (this run)",
    )
    return "".join(lines)


@dataclass(frozen=True)
class Comparison:
    """One example's fresh run against its committed output."""

    script: Path
    result: RunResult
    expected: str | None
    #: Why the committed output cannot be read (a link, a folder, not UTF-8); None when it can.
    unreadable: str | None = None

    @property
    def matches(self) -> bool:
        """The run succeeded and printed exactly the committed output."""
        return (
            self.result.failure is None
            and self.unreadable is None
            and self.expected == self.result.output
            and not image_differences(self.script, self.result.images)
        )

    def report(self) -> str:
        """What a reviewer needs to see: the failure, a diff, or nothing."""
        name = self.result.path
        if self.result.failure is not None:
            return f"{name} failed: {self.result.failure}\n{self.result.stderr_tail}"
        if self.unreadable is not None:
            return f"{name}: the committed output cannot be read: {self.unreadable}"
        if self.expected is None:
            return f"{name} has no committed {expected_path(self.script).name}"
        pictures = "".join(f"{line}\n" for line in image_differences(self.script, self.result.images))
        return output_diff(self.expected, self.result.output, name) + pictures


def compare_examples(scripts: list[Path], root: Path, settings: RunSettings) -> list[Comparison]:
    """Run every script fresh (no cache) and compare it with its committed output."""
    results = run_examples(scripts, root, settings)
    comparisons = []
    for script in scripts:
        expected, unreadable = read_expected(script, root, expected_cap(settings))
        comparisons.append(Comparison(script, results[script], expected, unreadable))
    return comparisons


def read_expected(script: Path, root: Path, cap: int) -> tuple[str | None, str | None]:
    """The committed output of ``script`` (None if there is none), and why it cannot be read.

    A committed link (to a secret of the machine) is refused, never read into a diff.
    """
    try:
        data = read_repository_file(expected_path(script), root, cap)
    except (UntrustedFileError, UnicodeDecodeError) as error:
        return None, str(error)
    try:
        return (data.decode("utf-8") if data is not None else None), None
    except UnicodeDecodeError as error:
        return None, f"{expected_path(script).name} is not UTF-8 ({error.reason} at byte {error.start})"


def expected_cap(settings: RunSettings) -> int:
    """The largest committed output worth reading: what the largest output can be, with room."""
    return 4 * settings.max_output_bytes + 65_536


def update_expected(scripts: list[Path], root: Path, settings: RunSettings) -> list[str]:
    """Rewrite the expected output of every script that runs; return the problems of the rest."""
    problems = []
    for comparison in compare_examples(scripts, root, settings):
        if comparison.result.failure is not None:
            problems.append(comparison.report())
        elif not comparison.matches:
            try:
                # Inside the repository only, and never through a link: a committed X.out that
                # links elsewhere is refused, not written through.
                path = expected_path(comparison.script)
                write_repository_file(path, root, comparison.result.output.encode("utf-8"))
                print(f"updated {path.relative_to(root)}")
                for path in write_expected_images(comparison.script, comparison.result.images, root):
                    print(f"updated {path.relative_to(root)}")
            except (UntrustedFileError, OSError) as error:
                problems.append(f"{comparison.result.path}: not updated: {error}")
    return problems


def current_entry(report: dict, relpath: str, script: Path) -> dict | None:
    """The report's entry for ``script`` if it describes the script as it is now, else None."""
    entry = report["examples"].get(relpath)
    return entry if entry is not None and entry["sha256"] == sha256_of(script) else None


def stale_in_report(report: dict, scripts: list[Path], root: Path) -> list[str]:
    """The examples the compatibility report does not describe as they are now (missing or edited)."""
    relpaths = {script: script.resolve().relative_to(root.resolve()).as_posix() for script in scripts}
    return [relpath for script, relpath in relpaths.items() if current_entry(report, relpath, script) is None]
