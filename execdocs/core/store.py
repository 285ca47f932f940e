"""One build's view of the examples: which ran, which came from the cache, which failed."""

from __future__ import annotations

import atexit
import hashlib
import os
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from execdocs.core.cache import Digests, ResultCache, cache_key
from execdocs.core.expected import EXPECTED_SUFFIX
from execdocs.core.files import pictures_of
from execdocs.core.runner import RunResult, RunSettings, result_of, run_example, stop_all_runs


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


def committed_files(script: Path) -> list[Path]:
    """The script and what is committed next to it, its output and its pictures (they may not all
    exist): what a page that shows it depends on."""
    return [script, script.with_suffix(EXPECTED_SUFFIX), *pictures_of(script)]


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
    #: Runs asked for with :meth:`submit` and not yet collected by :meth:`wait`.
    _pending: dict[Path, Future[RunResult]] = field(default_factory=dict)
    _queue: queue.SimpleQueue[tuple[Path, str, Future[RunResult]] | None] = field(default_factory=queue.SimpleQueue)
    _threads: list[threading.Thread] = field(default_factory=list)
    #: The digests of the files this build has hashed: each file is read once per build.
    _digests: Digests = field(default_factory=Digests)
    #: The build's process: a fork of it (a parallel reader) starts no run (:meth:`submit`).
    _process: int = field(default_factory=os.getpid)

    def _key(self, script: Path) -> str:
        # The cache itself is never part of a key, wherever it is.
        return cache_key(
            script, self.settings, self.extension_version, self.root, (self.cache.directory,), self._digests
        )

    def _from_cache(self, script: Path) -> tuple[str, RunResult | None]:
        key = self._key(script)
        return key, self.cache.load(key)

    def fingerprints(self, relpaths: set[str]) -> dict[str, str]:
        """What each example's page depends on, hashed from content: its cache key and its committed
        outputs (``.out`` and pictures). A page is up to date while these are unchanged, whatever
        the files' modification times say. Examples that no longer exist are left out."""
        found = {}
        for relpath in sorted(relpaths):
            try:
                script = resolve_example(relpath, self.root)
            except ExampleRefError:
                continue
            digest = hashlib.sha256(self._key(script).encode())
            for committed in sorted(committed_files(script)[1:]):
                if committed.is_file():
                    digest.update(committed.name.encode() + b"\0" + self._digests(committed))
            found[relpath] = digest.hexdigest()
        return found

    def submit(self, script: Path) -> None:
        """Start running ``script`` in the background unless a result is known or on its way.

        At most ``workers`` run at once; :meth:`get` or :meth:`wait` collect what they printed. In a
        fork of the build (a parallel reader, whose threads and runs would end with it) it does
        nothing: the build submits what the reader read when it takes the reader's work over.
        """
        if script in self.results or script in self._pending or os.getpid() != self._process:
            return
        key, result = self._from_cache(script)
        if result is not None:
            self._keep(script, result, cached=True)
            return
        future: Future[RunResult] = Future()
        self._pending[script] = future
        self._queue.put((script, key, future))
        if len(self._threads) < max(self.workers, 1) and len(self._threads) < len(self._pending):
            # Daemon threads: an interrupted build does not wait for them (its runs are stopped).
            thread = threading.Thread(target=self._work, name="execdocs-run", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            script, key, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = run_example(script, self.root, self.settings)
                self.cache.store(key, result)  # at once: a build killed later keeps it
                self._keep(script, result, cached=False)
            except BaseException as error:  # handed to whoever waits for it
                future.set_exception(error)
            else:
                future.set_result(result)

    def wait(self) -> None:
        """Wait for every run that :meth:`submit` started. An interrupt stops them all and is raised again."""
        try:
            for future in list(self._pending.values()):
                result_of(future)
        except BaseException:
            self.stop()
            raise
        self._pending.clear()

    def stop(self) -> None:
        """Cancel the runs not yet started and kill those in progress."""
        for future in self._pending.values():
            future.cancel()
        stop_all_runs()

    def close(self) -> None:
        """Let the background threads end (the build is over)."""
        for _ in self._threads:
            self._queue.put(None)
        self._threads.clear()

    def get(self, script: Path) -> RunResult:
        """The result for ``script``, waiting for its run (started now if nothing started it)."""
        self.submit(script)
        if script not in self.results:
            try:
                result_of(self._pending[script])
            except BaseException:
                self.stop()
                raise
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


# A build interrupted while reading exits without waiting: its runs in progress must not outlive it.
atexit.register(stop_all_runs)
