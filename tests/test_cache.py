"""The cache: its key holds whatever decides an example's output and nothing else; its store fails
plainly and keeps only entries of the right shape; pages follow content, not modification times."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest

from execdocs.core import cache
from execdocs.core.cache import CacheError, ResultCache, cache_key
from execdocs.core.runner import RunResult, RunSettings
from tests.util import build

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


# -- The key: streamed, once per build, never the build folder, every module of the core ---------


def test_key_reads_a_large_data_file_in_pieces_and_once_per_build(root: Path, monkeypatch) -> None:
    big = root / "examples/a/big.bin"
    with big.open("wb") as stream:
        stream.truncate(1 << 30)  # sparse: 1 GiB to read, no space taken
    reads: list[Path] = []
    real_digest = cache.file_digest
    monkeypatch.setattr(cache, "file_digest", lambda path: reads.append(path) or real_digest(path))
    tracemalloc.start()
    try:
        digests = cache.Digests()
        first = cache_key(root / "examples/a/show.py", SETTINGS, "1", root, digests=digests)
        again = cache_key(root / "examples/a/show.py", SETTINGS, "1", root, digests=digests)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first == again
    assert peak < 64 << 20, f"hashing held {peak:,} bytes"
    assert reads.count(big) == 1


def test_key_of_a_script_next_to_conf_py_ignores_the_build_folder(tmp_path: Path) -> None:
    script = write(tmp_path / "show.py", "print(1)\n")
    write(tmp_path / "conf.py", "extensions = ['execdocs']\n")
    before = cache_key(script, SETTINGS, "1", tmp_path)
    write(tmp_path / "_build/html/index.html", "<p>a page</p>\n")
    write(tmp_path / "_build/execdocs-cache/entry.json", "{}\n")
    assert cache_key(script, SETTINGS, "1", tmp_path) == before
    cache_folder = tmp_path / "out/cache"  # a cache folder of any name is not part of the key either
    write(cache_folder / "entry.json", "{}\n")
    assert cache_key(script, SETTINGS, "1", tmp_path, exclude=(cache_folder,)) == before


def test_key_skips_fifos_next_to_the_script(root: Path) -> None:
    before = key(root)
    os.mkfifo(root / "examples/a/pipe")
    assert key(root) == before


def test_running_code_is_every_module_of_the_core(tmp_path: Path, monkeypatch) -> None:
    """A module added to the core takes part in the key without being listed anywhere."""
    core = tmp_path / "core"
    shutil.copytree(Path(cache.__file__).parent, core, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "__file__", str(core / "cache.py"))
    before = cache.running_code_digest()
    write(core / "newly_added.py", "VALUE = 1\n")
    assert cache.running_code_digest() != before


# -- The store: a full or read-only folder, entries of the wrong shape ---------------------------


def result(cells: list[str]) -> RunResult:
    return RunResult("examples/show.py", "0" * 64, cells, None, None, 0.1, None, "3.11.0")


@pytest.fixture(params=["size=32k", "ro,size=1m"], ids=["full", "read-only"])
def small_disk(request, tmp_path: Path):
    """A cache folder on a tmpfs of its own: too small for an entry, or read-only."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", request.param, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_cache_that_cannot_be_written_fails_naming_it_and_leaves_nothing(small_disk: Path) -> None:
    store = ResultCache(small_disk)
    with pytest.raises(CacheError, match=f"the cache folder {small_disk} cannot be written"):
        store.store("k" * 64, result(["x" * 100_000 + "\n"]))
    assert list(small_disk.iterdir()) == []


def test_a_cache_folder_that_is_a_file_fails_naming_it(tmp_path: Path) -> None:
    write(tmp_path / "cache", "a file, not a folder\n")
    with pytest.raises(CacheError, match=f"the cache folder {tmp_path / 'cache'} cannot be written"):
        ResultCache(tmp_path / "cache").store("k" * 64, result(["1\n"]))


@pytest.mark.parametrize(
    ("field", "value"),
    [("cells", 5), ("cells", [1, 2]), ("images", {"a.svg": 3}), ("seconds", "fast"), ("exception", ["x"])],
)
def test_an_entry_of_the_wrong_shape_is_not_used(tmp_path: Path, caplog, field: str, value: object) -> None:
    store = ResultCache(tmp_path)
    store.store("k" * 64, result(["1\n"]))
    path = tmp_path / f"{'k' * 64}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["result"][field] = value
    entry["checksum"] = cache.checksum(entry["result"])  # a valid checksum of a wrong record
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert store.load("k" * 64) is None
    assert f"its field {field!r} is" in caplog.text
    assert not path.exists()


def test_an_entry_with_a_missing_field_is_not_used(tmp_path: Path, caplog) -> None:
    store = ResultCache(tmp_path)
    store.store("k" * 64, result(["1\n"]))
    path = tmp_path / f"{'k' * 64}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    del entry["result"]["cells"]
    entry["checksum"] = cache.checksum(entry["result"])
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert store.load("k" * 64) is None
    assert "its fields are not those of a result (['cells'])" in caplog.text


def test_a_good_entry_is_used(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    store.store("k" * 64, result(["1\n"]))
    assert store.load("k" * 64) == result(["1\n"])


def test_pruning_removes_the_entries_neither_stored_nor_read_since(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    for key in ("a", "b", "c"):
        store.store(key * 64, result([f"{key}\n"]))
        os.utime(tmp_path / f"{key * 64}.json", (1_000_000, 1_000_000))  # stored long ago
    since = time.time() - 1
    assert store.load("a" * 64) == result(["a\n"])  # read now: kept
    store.store("b" * 64, result(["b again\n"]))  # stored again now: kept
    assert store.prune(unused_since=since) == 1
    assert sorted(path.name[0] for path in tmp_path.glob("*.json")) == ["a", "b"]
    assert store.load("c" * 64) is None


# -- Freshness: content, not modification times --------------------------------------------------


def test_an_edit_dated_into_the_past_still_rebuilds_the_page(tmp_path: Path) -> None:
    write(tmp_path / "conf.py", 'extensions = ["myst_parser", "execdocs"]\nexclude_patterns = ["_build"]\n')
    write(tmp_path / "index.md", "# Page\n\n```{example} examples/show.py\n```\n")
    script = write(tmp_path / "examples/show.py", "print('before')\n")
    expected = write(tmp_path / "examples/show.out", "before\n")
    first = build(tmp_path, stop_on_warning=True)
    assert first.statuscode == 0
    then = (tmp_path / "index.md").stat().st_mtime - 3600
    write(script, "print('after')\n")
    write(expected, "after\n")
    for path in (script, expected):
        os.utime(path, (then, then))
    second = build(tmp_path, stop_on_warning=True)
    assert second.statuscode == 0
    page = (tmp_path / "_build/html/index.html").read_text(encoding="utf-8")
    assert "after" in page and "before" not in page
