"""One build's view of the examples: which ran, which came from the cache, which failed."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from execdocs.core.cache import ResultCache, cache_key
from execdocs.core.runner import RunResult, RunSettings, run_examples


class ExampleRefError(ValueError):
    """A reference to an example that cannot be run."""


def resolve_example(name: str, root: Path) -> Path:
    """The script that ``name`` (relative to the repository root) refers to.

    Raises :class:`ExampleRefError` with a message that says what to do.
    """
    candidate = (root / name).resolve()
    if not candidate.is_relative_to(root):
        raise ExampleRefError(f"{name!r} lies outside the repository ({root.name}/); examples must be files inside it")
    if candidate.suffix != ".py":
        raise ExampleRefError(f"{name!r} is not a Python script (.py)")
    if not candidate.is_file():
        raise ExampleRefError(f"{name!r} does not exist; give a path relative to the repository root")
    return candidate


@dataclass
class ExampleStore:
    """Results of this build, from memory, from the disk cache, or run now."""

    root: Path
    cache: ResultCache
    settings: RunSettings
    extension_version: str
    workers: int
    results: dict[Path, RunResult] = field(default_factory=dict)
    ran: set[Path] = field(default_factory=set)
    cached: set[Path] = field(default_factory=set)
    failed: set[Path] = field(default_factory=set)
    #: Located errors reported while reading documents; any fails the build.
    errors: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _from_cache(self, script: Path) -> tuple[str, RunResult | None]:
        key = cache_key(script, self.settings, self.extension_version, self.root)
        return key, self.cache.load(key)

    def prepare(self, scripts: list[Path]) -> None:
        """Make sure every script has a result, running the stale ones in parallel."""
        stale: dict[Path, str] = {}
        for script in dict.fromkeys(scripts):
            if script in self.results:
                continue
            key, result = self._from_cache(script)
            if result is not None:
                self._keep(script, result, cached=True)
            else:
                stale[script] = key

        def finished(script: Path, result: RunResult) -> None:
            self.cache.store(stale[script], result)  # at once: a build killed later keeps it
            self._keep(script, result, cached=False)

        run_examples(stale, self.root, self.settings, self.workers, on_result=finished)

    def get(self, script: Path) -> RunResult:
        """The result for ``script``, running it now if nothing has it yet."""
        if script not in self.results:
            self.prepare([script])
        return self.results[script]

    def _keep(self, script: Path, result: RunResult, cached: bool) -> None:
        with self._lock:
            self.results[script] = result
            (self.cached if cached else self.ran).add(script)
            if result.failure is not None:
                self.failed.add(script)

    def summary(self) -> str:
        """The line the build log ends with."""
        return f"examples: {len(self.ran)} run, {len(self.cached)} cached, {len(self.failed)} failed"
