"""The cache key: whatever decides an example's output is part of it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from execdocs.core import cache
from execdocs.core.cache import cache_key
from execdocs.core.runner import RunSettings

SETTINGS = RunSettings(timeout=5)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write(tmp_path / "examples/a/show.py", "import helpers\nprint(open('data.txt').read())\n")
    write(tmp_path / "examples/b/show.py", "import helpers\nprint(open('data.txt').read())\n")
    for folder in ("a", "b"):
        write(tmp_path / f"examples/{folder}/data.txt", f"data of {folder}\n")
        write(tmp_path / f"examples/{folder}/helpers/__init__.py", "from .inner import VALUE\n")
        write(tmp_path / f"examples/{folder}/helpers/inner.py", "VALUE = 1\n")
    return tmp_path


def key(root: Path, name: str = "a", settings: RunSettings = SETTINGS) -> str:
    return cache_key(root / f"examples/{name}/show.py", settings, "1", root)


def test_same_script_in_two_folders_has_two_keys(root: Path) -> None:
    assert key(root, "a") != key(root, "b")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("examples/a/data.txt", "other data\n"),  # a data file it can read
        ("examples/a/helpers/inner.py", "VALUE = 2\n"),  # a module of a local package it imports
        ("examples/a/show.py", "import helpers\nprint(2)\n"),
    ],
)
def test_key_changes_with_what_the_script_can_read(root: Path, path: str, text: str) -> None:
    before = key(root)
    write(root / path, text)
    assert key(root) != before


def test_key_ignores_other_scripts_and_expected_outputs(root: Path) -> None:
    before = key(root)
    write(root / "examples/a/other.py", "print('another example')\n")
    write(root / "examples/a/show.out", "what it printed\n")
    assert key(root) == before


def test_key_changes_with_installed_versions_and_the_given_environment(root: Path, monkeypatch) -> None:
    before = key(root)
    assert key(root, settings=RunSettings(timeout=5, env={"SEED": "1"})) != before
    assert key(root, settings=RunSettings(timeout=5, preload=("tensorflow",))) != before
    assert key(root, settings=RunSettings(timeout=5, provenance=("numpy",))) != before
    assert key(root, settings=RunSettings(timeout=5, drop_lines=("INFO:.*",))) != before
    real = cache.environment_versions(SETTINGS.python)
    newer = {**real, "distributions": [*real["distributions"], "tf-keras==9.9.9"]}
    monkeypatch.setattr(cache, "environment_versions", lambda python: newer)
    assert key(root) != before
