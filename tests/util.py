"""Build a copy of a test project under tests/roots/ with Sphinx's own test application."""

from __future__ import annotations

import gettext
import hashlib
import os
import shutil
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import FileSystemBytecodeCache
from sphinx import locale
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from execdocs.config import from_conf_file
from execdocs.core.runner import RunSettings

ROOTS = Path(__file__).parent / "roots"
REPOSITORY = Path(__file__).resolve().parent.parent
# The theme's templates compiled once for every build of the tests, in every process: Jinja
# compiles a template again when its source changed (the cache is keyed by its checksum). It lives
# in Jinja's own folder for the user who runs the tests (under the temporary folder, private to
# them, so that a rerun as another user neither reads nor is refused this user's).
TEMPLATE_CACHE = FileSystemBytecodeCache()


def site_settings(**overrides: Any) -> RunSettings:
    """How the site's build runs the examples (the execdocs_* values of conf.py), with ``overrides``."""
    return from_conf_file(REPOSITORY / "conf.py").run_settings(**overrides)


def copy_root(name: str, destination: Path) -> Path:
    """Copy ``tests/roots/test-<name>`` to ``destination`` and return it."""
    shutil.copytree(ROOTS / f"test-{name}", destination)
    return destination


def build(
    srcdir: Path,
    buildername: str = "html",
    fresh: bool = False,
    stop_on_warning: bool = False,
    parallel: int = 0,
    **confoverrides: Any,
) -> SphinxTestApp:
    """Build the project in ``srcdir``; return the finished application (status, warnings)."""
    builddir = srcdir / "_build"
    # As in a fresh process: forget catalogues that earlier builds in this process loaded
    # (Sphinx keeps translators, and the gettext module caches each .mo by its path).
    locale.translators.clear()
    gettext._translations.clear()  # type: ignore[attr-defined]
    if fresh:
        shutil.rmtree(builddir / "doctrees", ignore_errors=True)
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        confoverrides=confoverrides or None,
        freshenv=fresh,
        warningiserror=stop_on_warning,
        exception_on_warning=stop_on_warning,
        parallel=parallel,
    )
    templates = getattr(getattr(app.builder, "templates", None), "environment", None)
    if templates is not None:
        templates.bytecode_cache = TEMPLATE_CACHE
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def log(app: SphinxTestApp) -> str:
    """The build's status log, without terminal colours."""
    return strip_colors(app.status.getvalue())


def summary(app: SphinxTestApp) -> str:
    """The ``examples: ...`` line of the build log."""
    lines = [line for line in log(app).splitlines() if line.startswith("examples: ") and "run," in line]
    return lines[-1] if lines else ""


def marked_project(name: str, destination: Path) -> Iterator[Path]:
    """A copy of the test project ``name`` whose examples carry a mark of this test in their command
    lines (the word ``NAME-mark``); what they started is killed when the test ends, even if it failed."""
    srcdir = copy_root(name, destination)
    mark = f"{name}-mark-{uuid.uuid4().hex}"
    for script in (srcdir / "examples").glob("*.py"):
        script.write_text(script.read_text(encoding="utf-8").replace(f"{name}-mark", mark), encoding="utf-8")
    (srcdir / "mark").write_text(mark, encoding="utf-8")
    yield srcdir
    for pid in marked_processes(srcdir):
        os.kill(pid, signal.SIGKILL)


def marked_processes(srcdir: Path) -> list[int]:
    """Processes that the examples of a :func:`marked_project` started."""
    mark = (srcdir / "mark").read_bytes()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if mark in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


class Verdicts:
    """What a slow check passed, kept from one test run to the next in pytest's cache (``pytest
    --cache-clear`` forgets them): each item (a page, a pattern) under the checksum of everything
    the check reads of it, its ``parts`` (a page's bytes), and ``inputs`` shared by every item (the
    check's own code, the tool's release, the browser's version, the files every page loads). An
    item is checked again when any of these changed; one that failed is never kept."""

    def __init__(self, config: pytest.Config, name: str, *inputs: str | bytes) -> None:
        self._cache = getattr(config, "cache", None)  # None under -p no:cacheprovider: check every item
        self._name = f"execdocs/verdicts/{name}"
        kept = self._cache.get(self._name, {}) if self._cache is not None else {}
        self._kept: dict[str, str] = kept if isinstance(kept, dict) else {}
        self._shared = digest(*inputs)
        self.passed: dict[str, str] = {}

    def unchanged(self, item: str, *parts: str | bytes) -> bool:
        """Whether ``item`` passed before with all it is checked on as it is now (and so is kept)."""
        key = digest(self._shared, item, *parts)
        if self._kept.get(item) == key:
            self.passed[item] = key
            return True
        return False

    def passes(self, item: str, *parts: str | bytes) -> None:
        self.passed[item] = digest(self._shared, item, *parts)

    def save(self) -> None:
        if self._cache is not None:
            self._cache.set(self._name, self.passed)


def digest(*parts: str | bytes) -> str:
    """A checksum of ``parts`` in order, each told apart from the next."""
    checksum = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        checksum.update(len(data).to_bytes(8, "big") + data)
    return checksum.hexdigest()


def tree_digest(folder: Path) -> str:
    """A checksum of every file under ``folder``: its path there and its bytes."""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return digest(*(part for path in files for part in (path.relative_to(folder).as_posix(), path.read_bytes())))
