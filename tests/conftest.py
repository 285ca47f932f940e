"""Shared set-up of the tests: as root, temporary folders that contained examples can reach."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

# The tests read the logs of the builds they start as plain text. Sphinx colours them when CI=true
# (or FORCE_COLOR) is set, which would make a check like `"reading sources... [" not in log` pass
# whatever the build did.
os.environ["NO_COLOR"] = "1"

# Run as root, a contained example is another user (nobody) and reads its script and data from the
# tests' temporary folders. pytest keeps those in /tmp/pytest-of-root, which every session starts
# by closing to others (mode 700), so the tests take a folder of their own there.
_OWN_BASETEMP: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """As root, give the session a temporary folder of its own, unless one was given."""
    if os.geteuid() == 0 and config.option.basetemp is None:
        config.option.basetemp = tempfile.mkdtemp(prefix="pytest-execdocs-")
        _OWN_BASETEMP.append(config.option.basetemp)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove that folder when every test passed; keep it to look into otherwise."""
    if exitstatus == 0:
        for folder in _OWN_BASETEMP:
            shutil.rmtree(folder, ignore_errors=True)


def _reachable(path: Path) -> Path:
    """Let every user pass through ``path`` and the folders above it that this user owns, not list them."""
    for folder in (path, *path.parents):
        status = folder.stat()
        if status.st_uid == os.geteuid() and not status.st_mode & stat.S_IXOTH:
            folder.chmod(stat.S_IMODE(status.st_mode) | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture(scope="session")
def tmp_path_factory(tmp_path_factory: pytest.TempPathFactory) -> pytest.TempPathFactory:
    """pytest's own, whose folders (``tmp_path`` too) contained examples can reach."""
    if os.geteuid() == 0:
        make = tmp_path_factory.mktemp
        tmp_path_factory.mktemp = lambda basename, numbered=True: _reachable(make(basename, numbered))  # type: ignore[method-assign]
    return tmp_path_factory
