"""A contained example has no privilege over the host, even when the build runs as root
(tests/roots/test-hostile): each attack is written by someone who has read execdocs/core/isolate.py.

As root, tests/test_containment_unprivileged.py runs this module again as an unprivileged user
(``nobody``), alongside it.
"""

# ruff: noqa: F811 - the tests take the hostile project's fixtures, imported here, as arguments

from __future__ import annotations

import os
import resource
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from execdocs.core.isolate import LIMITS, OUTSIDE_ID
from tests.test_hostile import containment, finish, hostile, page, shown, sphinx_build  # noqa: F401 - fixtures
from tests.util import build

pytestmark = pytest.mark.slow

FORKS = pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])
ROOT = os.geteuid() == 0


def fill(srcdir: Path, script: str, **values: object) -> None:
    """Put the test's ``values`` (a port, a path) into the example ``script``."""
    path = srcdir / "examples" / script
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(name, str(value))
    path.write_text(text, encoding="utf-8")


def shows(srcdir: Path, fork: bool, script: str, timeout: float = 20) -> str:
    """Build a page showing ``script`` alone; what it printed."""
    page(srcdir, script)
    app = build(srcdir, execdocs_fork=fork, execdocs_timeout=timeout)
    assert app.statuscode == 0, app.warning.getvalue()
    return shown(srcdir)[0]


@FORKS
def test_an_example_cannot_remount_the_repository_writable(hostile: Path, fork: bool) -> None:
    page(hostile, "victim.py")
    build(hostile, execdocs_fork=fork)
    kept = [*(hostile / "examples").glob("*"), *(hostile / "_build/execdocs-cache").glob("*.json")]
    before = {path: path.read_bytes() for path in kept if path.is_file()}
    page(hostile, "victim.py", "remount_repo.py")
    app = build(hostile, execdocs_fork=fork)
    assert app.statuscode == 0, app.warning.getvalue()
    remount, victim, cache = shown(hostile)[1].splitlines()
    assert remount == "remount refused: Operation not permitted"
    assert victim == "victim.out refused: Read-only file system"
    assert cache in ("cache refused: Read-only file system", "cache refused: Permission denied")  # root's files
    assert {path: path.read_bytes() for path in before} == before  # sources, expected outputs, cache
    build(hostile, execdocs_fork=fork, fresh=True)  # from the cache
    assert shown(hostile)[0] == "the real output\n"


@FORKS
def test_an_example_cannot_unmount_its_proc_to_see_the_builder(
    hostile: Path, fork: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In the environment the build starts with, which /proc/PID/environ shows.
    monkeypatch.setenv("HOSTILE_SECRET", (hostile / "mark").read_text(encoding="utf-8") + "-secret")
    page(hostile, "unmount_proc.py")
    status, output = finish(sphinx_build(hostile, fork=fork))
    assert status == 0, output
    assert shown(hostile) == [(hostile / "examples/unmount_proc.out").read_text(encoding="utf-8")]


@pytest.mark.skipif(not ROOT, reason="rootless, an example runs as the builder's own user, who can read its files")
def test_an_example_cannot_read_the_builders_home(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)  # as /root
    (home / ".netrc").write_text("machine example.org login builder password hunter2\n", encoding="utf-8")
    (home / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    fill(hostile, "read_home.py", HOSTILE_HOME=home)
    assert shows(hostile, False, "read_home.py") == ".netrc refused: Permission denied\n"


def test_an_example_cannot_open_the_kernels_core_pattern(hostile: Path) -> None:
    assert shows(hostile, False, "core_pattern.py").startswith("core_pattern refused: ")


@pytest.fixture
def listeners(hostile: Path) -> Iterator[int]:
    """A TCP listener on 127.0.0.1 and an abstract Unix socket of the host; the TCP port."""
    mark = (hostile / "mark").read_text(encoding="utf-8")
    with socket.socket() as tcp, socket.socket(socket.AF_UNIX) as unix:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen()
        unix.bind(f"\0{mark}-socket")
        unix.listen()
        yield tcp.getsockname()[1]


@FORKS
def test_an_example_has_no_network(hostile: Path, fork: bool, listeners: int) -> None:
    fill(hostile, "network.py", HOSTILE_PORT=listeners)
    assert shows(hostile, fork, "network.py") == (
        "127.0.0.1 refused: Network is unreachable\nabstract socket refused: Connection refused\n"
    )


@FORKS
def test_an_example_cannot_leave_its_namespaces_nor_reach_another_process(hostile: Path, fork: bool) -> None:
    attempts = [
        "unshare user",
        "unshare mount",
        "setns",
        "clone with a new user namespace",
        "ptrace init",
        "process_vm_readv init",
        "keyctl",
        "bpf",
        "open_by_handle_at",
        "io_uring_setup",
    ]
    assert shows(hostile, fork, "escape.py") == "".join(f"{name}: refused (EPERM)\n" for name in attempts)


@FORKS
def test_an_example_has_no_capability_and_is_nobody_outside(hostile: Path, fork: bool) -> None:
    outside = OUTSIDE_ID if ROOT else os.geteuid()
    assert shows(hostile, fork, "privileges.py") == (
        "CapInh: 0000000000000000\n"
        "CapPrm: 0000000000000000\n"
        "CapEff: 0000000000000000\n"
        "CapBnd: 0000000000000000\n"
        "CapAmb: 0000000000000000\n"
        "NoNewPrivs: 1\n"
        "Seccomp: 2\n"
        f"uid_map: 0 {outside} 1\n"
    )


def test_a_fork_bomb_is_bounded_by_the_process_limit(hostile: Path) -> None:
    assert LIMITS[resource.RLIMIT_NPROC] <= 1024  # what the example checks against
    refused = "fork refused: Resource temporarily unavailable after fewer than 1024\n"
    assert shows(hostile, False, "fork_bomb.py", timeout=180) == refused  # a thousand forks, on a busy machine


@FORKS
def test_a_huge_file_and_a_huge_reservation_are_bounded(hostile: Path, fork: bool) -> None:
    assert shows(hostile, fork, "huge_file.py") == (
        "file stopped at 64 MiB: File too large\n20 GiB refused: Cannot allocate memory\n"
    )


@pytest.mark.skipif(not ROOT, reason="rootless, the example passes every folder its user (the builder) can")
@FORKS
def test_a_project_behind_a_folder_that_only_root_can_pass_still_runs_contained(hostile: Path, fork: bool) -> None:
    # A checkout in a `mktemp -d` folder (mode 700): the example, nobody outside, reaches its script
    # through that folder covered by an empty one, where only the way to the script is bound again.
    mode = stat.S_IMODE(hostile.parent.stat().st_mode)
    hostile.parent.chmod(0o700)
    try:
        assert shows(hostile, fork, "victim.py") == "the real output\n"
    finally:
        hostile.parent.chmod(mode)
