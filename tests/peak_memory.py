"""Run a command and report the peak memory of it and every process it starts, and its time.

``python tests/peak_memory.py -- pytest tests/test_build.py`` samples the proportional set size
(PSS: shared pages counted once, split among the processes that share them, so forked children of
a warm parent are not counted many times) of the whole process tree four times a second.
``--repeat N`` runs the command N times and ends with the medians of both figures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def children_of() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        tree.setdefault(int(fields["PPid"].strip()), []).append(int(fields["Pid"].strip()))
    return tree


def pss_kib(pid: int) -> int:
    """The process's PSS in KiB, 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss(root: int) -> tuple[int, int]:
    """PSS of ``root`` and its descendants in KiB, and how many processes that is."""
    tree, pending, total, count = children_of(), [root], 0, 0
    while pending:
        pid = pending.pop()
        total += pss_kib(pid)
        count += 1
        pending.extend(tree.get(pid, []))
    return total, count


def measure(command: list[str]) -> tuple[int, float, float]:
    """Run ``command``; return its exit status, its wall time in minutes and its peak PSS in GiB."""
    process = subprocess.Popen(command)
    peak, peak_count, start = 0, 0, time.monotonic()
    while process.poll() is None:
        total, count = tree_pss(process.pid)
        if total > peak:
            peak, peak_count = total, count
        time.sleep(0.25)
    minutes, gib = (time.monotonic() - start) / 60, peak / 1024 / 1024
    print(f"peak memory: {gib:.2f} GiB PSS in {peak_count} processes; {minutes:.1f} min", flush=True)
    return process.returncode, minutes, gib


def main(argv: list[str]) -> int:
    options = argv[1 : argv.index("--")] if "--" in argv else []
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv[1:]
    repeat = int(options[options.index("--repeat") + 1]) if "--repeat" in options else 1
    runs = [measure(command) for _ in range(repeat)]
    if repeat > 1:
        minutes, gib = statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs)
        print(f"medians of {repeat} runs: {minutes:.1f} min, peak memory {gib:.2f} GiB PSS", flush=True)
    return next((status for status, _, _ in runs if status), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
