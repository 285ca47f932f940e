"""Shared set-up of the tests."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def _reachable(path: Path) -> Path:
    """Let every user traverse ``path`` and the folders above it, not list them: run as root, a
    contained example is another user (``nobody``), and reads its script and data from there."""
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
