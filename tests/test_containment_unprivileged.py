"""The containment tests (tests/test_containment.py) pass as an unprivileged user too: as root, this
runs that module again as ``nobody``. A file of its own, so that it runs alongside that module."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from execdocs.core.isolate import OUTSIDE_ID
from tests.util import REPOSITORY

pytestmark = pytest.mark.slow

ROOT = os.geteuid() == 0
CONTAINMENT = Path(__file__).resolve().with_name("test_containment.py")


def hidden_above(path: Path) -> Path | None:
    """The topmost folder above ``path`` that other users may not pass through (as root's /root)."""
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


@pytest.mark.skipif(not ROOT, reason="runs only as root, to run this module again as an unprivileged user")
def test_the_containment_tests_pass_as_an_unprivileged_user(tmp_path: Path) -> None:
    tools = [shutil.which(name) for name in ("setpriv", "unshare", "mount")]
    if None in tools:
        pytest.fail("rerunning as an unprivileged user needs setpriv, unshare and mount (util-linux)")
    home = tmp_path / "nobody"
    home.mkdir()
    os.chown(home, OUTSIDE_ID, OUTSIDE_ID)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    # Where this Python or the repository lies in a folder others cannot pass through (pyenv in
    # /root, a checkout in a `mktemp -d` folder), the rerun sees that folder as an empty one where only
    # they are bound again, in a mount namespace of its own.
    needed = sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), REPOSITORY.resolve()})
    tops: dict[Path, list[Path]] = {}
    for path in needed:
        top = hidden_above(path)
        if top is not None and not any(path.is_relative_to(other) and path != other for other in needed):
            tops.setdefault(top, []).append(path)
    script = "set -e\n"
    for number, (top, paths) in enumerate(sorted(tops.items())):
        stages = [tmp_path / f"stage-{number}-{index}" for index in range(len(paths))]
        for path, stage in zip(paths, stages, strict=True):
            stage.mkdir()
            script += f"mount --bind '{path}' '{stage}'\n"
        script += f"mount -t tmpfs -o mode=0755 tmpfs '{top}'\n"
        for path, stage in zip(paths, stages, strict=True):
            script += f"mkdir -p '{path}'\nmount --bind '{stage}' '{path}'\n"
    drop = f"setpriv --reuid={OUTSIDE_ID} --regid={OUTSIDE_ID} --clear-groups --"
    command = f"{drop} '{sys.executable}' -m pytest -q -p no:cacheprovider --basetemp='{home / 'tmp'}'"
    script += f"{drop} '{sys.executable}' -c \"import execdocs, pyseccomp, sphinx\" || exit 99\n"
    script += f"exec {command} '{CONTAINMENT.relative_to(REPOSITORY)}'\n"
    run = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode == 99:
        pytest.fail(f"user {OUTSIDE_ID} cannot read the repository or its packages: make them readable by others")
    if "examples cannot be contained on this machine" in run.stdout and "user namespaces" in run.stdout:
        pytest.skip("this machine refuses user namespaces to unprivileged users")
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout, run.stdout
