"""Hostile and careless examples (tests/roots/test-hostile): each attack ends located, or works, and
leaves nothing forged, stale or leaked on a page, and no process behind.

Builds that an attack could stop or kill run in a separate ``sphinx-build`` process, so that a
broken defence fails the test instead of stopping the test run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.util import build, marked_processes, marked_project, summary

pytestmark = pytest.mark.slow


def page(srcdir: Path, *examples: str) -> None:
    """Make index.md show ``examples``, each with its own directive."""
    blocks = "".join(f"\n```{{example}} examples/{name}\n```\n" for name in examples)
    (srcdir / "index.md").write_text(f"# Hostile examples\n{blocks}", encoding="utf-8")


def shown(srcdir: Path) -> list[str]:
    soup = BeautifulSoup((srcdir / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    return [pre.get_text() for pre in soup.select("div.execdocs-output pre")]


@pytest.fixture(scope="module")
def containment(tmp_path_factory: pytest.TempPathFactory) -> None:
    """These defences need containment (root, or user namespaces): say so plainly when it is missing."""
    from execdocs.core.runner import RunSettings, run_example

    root = tmp_path_factory.mktemp("probe")
    (root / "probe.py").write_text("print(1)\n", encoding="utf-8")
    reason = run_example(root / "probe.py", root, RunSettings(timeout=30, fork=False)).isolation
    if reason is not None:
        pytest.fail(f"examples cannot be contained on this machine: {reason}")


@pytest.fixture
def hostile(tmp_path: Path, containment: None) -> Iterator[Path]:
    yield from marked_project("hostile", tmp_path / "hostile")


# Starts the build as a terminal starts a command in the foreground, Ctrl-C's signal at its default
# action: a shell that runs the tests in the background (`cmd &`, no job control) has them ignore
# it, and every process they start would inherit that.
_FOREGROUND = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


def sphinx_build(srcdir: Path, fork: bool = False, timeout: float = 20) -> subprocess.Popen[str]:
    """Start ``sphinx-build`` on the project in a process of its own."""
    env = {**os.environ, "HOSTILE_FORK": "1" if fork else "0", "HOSTILE_TIMEOUT": str(timeout)}
    command = [
        sys.executable,
        "-c",
        _FOREGROUND,
        "-m",
        "sphinx",
        "-b",
        "html",
        "--keep-going",
        "-W",
        str(srcdir),
        str(srcdir / "_build/html"),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen[str], seconds: float = 90) -> tuple[int, str]:
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"the build hung for {seconds:g} s:\n{output}")
    return process.returncode, output


def wait_until(condition, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            pytest.fail("timed out waiting")
        time.sleep(0.1)


# -- Nothing forged, nothing stale --------------------------------------------------------------


def test_an_example_cannot_forge_another_examples_cache_entry(hostile: Path) -> None:
    page(hostile, "victim.py")
    build(hostile)
    page(hostile, "victim.py", "forge_cache.py")
    forging = build(hostile)
    # Read-only (OSError) or, when the build runs as root, another user's file, unreadable (line 9) or
    # read-only to it (line 13): PermissionError.
    refused = r"index.md:6: ERROR: example examples/forge_cache.py:(9|13) raised (OSError|PermissionError)"
    assert re.search(refused, forging.warning.getvalue()), forging.warning.getvalue()
    build(hostile, fresh=True)  # both from the cache now
    assert shown(hostile)[0] == "the real output\n"
    assert "FORGED" not in (hostile / "_build/html/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_an_example_cannot_change_the_repository(hostile: Path, fork: bool) -> None:
    page(hostile, "vandal.py")
    before = {path: path.read_bytes() for path in hostile.rglob("*") if path.is_file()}
    app = build(hostile, execdocs_fork=fork)
    assert app.statuscode == 0, app.warning.getvalue()
    # Read-only, or, when the build runs as root, also another user's file.
    reasons = "(Read-only file system|Permission denied)"
    assert re.fullmatch(
        f"conf.py refused: {reasons}\nvictim.out refused: {reasons}\nvictim.py refused: {reasons}\n", shown(hostile)[0]
    )
    assert {path: path.read_bytes() for path in before} == before


def test_an_example_cannot_write_into_a_concurrent_runs_output(hostile: Path) -> None:
    page(hostile, "slow_victim.py", "overwrite_other_run.py")
    app = build(hostile, execdocs_workers=2)
    assert summary(app) == "examples: 2 run, 0 cached, 0 failed", app.warning.getvalue()
    assert shown(hostile) == ["the slow victim's own output\n", "tried\n"]


def test_same_named_scripts_in_two_folders_keep_their_own_output_and_data(hostile: Path) -> None:
    page(hostile, "a/show.py", "b/show.py")
    build(hostile)
    assert shown(hostile) == ["data of a\n", "data of b\n"]
    build(hostile, fresh=True)  # both from the cache
    assert shown(hostile) == ["data of a\n", "data of b\n"]
    (hostile / "examples/b/data.txt").write_text("data of b, edited\n", encoding="utf-8")
    again = build(hostile, fresh=True)
    assert summary(again) == "examples: 1 run, 1 cached, 0 failed"
    assert shown(hostile) == ["data of a\n", "data of b, edited\n"]


# -- Faults end located, and lose nothing --------------------------------------------------------


@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_an_example_that_stops_its_parent_does_not_hang_the_build(hostile: Path, fork: bool) -> None:
    page(hostile, "stop_parent.py", "victim.py")
    status, output = finish(sphinx_build(hostile, fork=fork, timeout=10))
    assert status == 0, output
    assert shown(hostile) == ["after stopping my parent\n", "the real output\n"]


@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_an_example_that_kills_its_parent_does_not_kill_the_build(hostile: Path, fork: bool) -> None:
    page(hostile, "kill_parent.py", "victim.py")
    status, output = finish(sphinx_build(hostile, fork=fork))
    assert status == 0, output
    assert shown(hostile) == ["after killing my parent\n", "the real output\n"]


@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_no_process_outlives_its_example(hostile: Path, fork: bool) -> None:
    page(hostile, "daemons.py")
    app = build(hostile, execdocs_fork=fork)
    assert app.statuscode == 0, app.warning.getvalue()
    assert shown(hostile) == ["started\n"]
    # What it left sleeps for minutes or spins for ever: gone within seconds means it was killed.
    wait_until(lambda: not marked_processes(hostile), 3)


@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_a_killed_build_leaves_no_process_and_keeps_what_finished(hostile: Path, fork: bool, monkeypatch) -> None:
    monkeypatch.setenv("HOSTILE_FORK", "1" if fork else "0")
    monkeypatch.setenv("HOSTILE_TIMEOUT", "120")  # the same settings, so the same cache keys
    page(hostile, "fast.py", "spin.py")
    process = sphinx_build(hostile, fork=fork, timeout=120)
    wait_until(lambda: marked_processes(hostile))
    wait_until(lambda: any((hostile / "_build/execdocs-cache").glob("*.json")), 10)
    process.kill()
    process.communicate()
    wait_until(lambda: not marked_processes(hostile), 3)
    # The next build takes the finished result from the cache.
    page(hostile, "fast.py")
    assert summary(build(hostile)) == "examples: 0 run, 1 cached, 0 failed"


def test_ctrl_c_stops_the_build_and_its_run_at_once(hostile: Path) -> None:
    """The example would spin for two minutes (its timeout): the build ends in seconds instead, its
    run with it. How many seconds depends on the machine's load (under two on an idle one, up to
    three beside two busy processes on two cores): a test does not time it."""
    page(hostile, "spin.py")
    process = sphinx_build(hostile, timeout=120)
    wait_until(lambda: marked_processes(hostile))
    process.send_signal(signal.SIGINT)
    code, _ = finish(process, 10)
    assert code == 2  # Sphinx's exit status for an interrupted build
    wait_until(lambda: not marked_processes(hostile), 2)


_libc = ctypes.CDLL(None, use_errno=True)
_SYS_TGKILL = {"x86_64": 234, "aarch64": 131}


@pytest.mark.skipif(platform.machine() not in _SYS_TGKILL, reason="tgkill's number is known for x86_64 and aarch64")
@pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
def test_ctrl_c_stops_the_build_whichever_of_its_threads_the_system_hands_it_to(hostile: Path, fork: bool) -> None:
    """The system delivers a signal sent to the build to any one of its threads. Sent here to the
    thread that waits for the run, not to the main one, it must still stop the build and its run."""
    page(hostile, "spin.py")
    process = sphinx_build(hostile, fork=fork, timeout=120)
    wait_until(lambda: marked_processes(hostile))
    others = sorted(int(task.name) for task in Path(f"/proc/{process.pid}/task").iterdir())
    others.remove(process.pid)
    assert others, "the build runs its examples from a thread of its own"
    assert _libc.syscall(_SYS_TGKILL[platform.machine()], process.pid, others[0], signal.SIGINT) == 0
    code, _ = finish(process, 10)
    assert code == 2  # Sphinx's exit status for an interrupted build
    wait_until(lambda: not marked_processes(hostile), 2)


def test_a_flood_of_stderr_does_not_flood_the_builder(hostile: Path) -> None:
    page(hostile, "loud_stderr.py")
    process = sphinx_build(hostile)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert shown(hostile) == ["done\n"]
    # ru_maxrss (KiB) of the build and every process it waited for, the example included.
    assert usage.ru_maxrss < 400 * 1024, f"the build grew to {usage.ru_maxrss // 1024} MiB"


def test_long_lines_are_read_in_one_pass(hostile: Path) -> None:
    """The build reads an example's output through regular expressions (cleaning, the guard against
    machine paths): a line as long as the cap allows must not make one of them backtrack for hours
    (tests/test_patterns.py asks the same of every pattern)."""
    page(hostile, "long_lines.py")
    status, output = finish(sphinx_build(hostile), seconds=90)
    # Its only warning: no committed output to compare with (a mebibyte the repository need not keep).
    assert status == 1 and "1 warning" in output, output
    assert "has no committed expected output (long_lines.out)" in output, output
    assert shown(hostile) == ["ia" * 225_000 + "\n" + "\t" * 450_000 + "\n"]


def test_output_is_capped_on_each_write_neither_on_disk_nor_in_memory(
    hostile: Path, tmp_path: Path, monkeypatch
) -> None:
    page(hostile, "flood_stdout.py")
    runs = tmp_path / "runs"  # the build's temporary folders, apart from any other build's
    runs.mkdir()
    monkeypatch.setenv("TMPDIR", str(runs))
    process = sphinx_build(hostile)
    largest, seen = 0, 0
    while True:
        seen += len(list(runs.glob("execdocs-run-*")))
        for path in runs.rglob("*"):
            with contextlib.suppress(OSError):
                largest = max(largest, path.stat().st_blocks * 512 if path.is_file() else 0)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    assert process.stdout is not None
    output = process.stdout.read()
    assert os.waitstatus_to_exitcode(status) == 1  # the page warns that the output was cut (-W)
    assert "printed 314,572,800 bytes; only the first" in output
    # The output goes through a pipe, read as it is written: not a block of it lands on disk...
    assert seen and largest <= 4096, f"{largest} bytes kept on disk"  # one block: the run's record
    # ...nor more than the cap in the build's memory (ru_maxrss, KiB: the build and what it waited for).
    assert usage.ru_maxrss < 400 * 1024, f"the build grew to {usage.ru_maxrss // 1024} MiB"
    assert len(shown(hostile)[0]) < 1_000_001
