"""The on-disk cache of run results: its key, its store, and its format version."""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
import types
import typing
from pathlib import Path

from execdocs.core.expected import EXPECTED_SUFFIX
from execdocs.core.runner import RunResult, RunSettings, environment_versions

#: Bump when the meaning of a stored result changes, so old entries are never read.
CACHE_FORMAT = 3

logger = logging.getLogger(__name__)


def local_modules(script: Path) -> list[Path]:
    """The modules and packages next to ``script`` that it imports, directly or through each other."""
    found: list[Path] = []
    pending = [script]
    while pending:
        current = pending.pop()
        try:
            tree = ast.parse(current.read_bytes())
        except (SyntaxError, ValueError, OSError):
            continue
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        for name in sorted(names):
            module = script.parent / f"{name}.py"
            package = script.parent / name
            files = [module] if module.is_file() else []
            if (package / "__init__.py").is_file():
                files = sorted(path for path in package.rglob("*.py") if "__pycache__" not in path.parts)
            for path in files:
                if path not in found and path != script:
                    found.append(path)
                    pending.append(path)
    return sorted(found)


def data_files(script: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Files in the script's folder, and below it, that it may read: all but scripts and outputs.

    Folders named with a leading ``.`` or ``_`` (``_build``, ``__pycache__``, ``.git``: outputs,
    caches, tools) and the folders in ``exclude`` (the cache) are not looked into, nor are links
    to folders: a script next to ``conf.py`` does not make the build's own output part of its key.
    """
    found = []
    skip = {folder.resolve() for folder in exclude}
    for folder, subfolders, files in os.walk(script.parent):
        subfolders[:] = sorted(
            name for name in subfolders if name[0] not in "._" and (Path(folder) / name).resolve() not in skip
        )
        scripts = {name[:-3] for name in files if name.endswith(".py")}
        for name in files:
            # NN_name.picture.svg next to NN_name.py is what that script drew: an output, not an input.
            drawn = name.endswith(".svg") and name.split(".", 1)[0] in scripts
            if name[0] == "." or drawn or os.path.splitext(name)[1] in (".py", ".pyc", EXPECTED_SUFFIX):
                continue
            path = Path(folder) / name
            if path.is_file():  # a regular file, or a link to one; never a FIFO or a device
                found.append(path)
    return sorted(found)


#: The size of the pieces a file is hashed in: a data file of gigabytes is never held in memory.
_CHUNK = 1 << 20


class Digests:
    """The SHA-256 of files, each read once in chunks; one per build (files do not change during one)."""

    def __init__(self) -> None:
        self._known: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> bytes:
        """The digest of ``path``'s bytes, read now unless this build has read it already."""
        with self._lock:
            known = self._known.get(path)
        if known is None:
            known = file_digest(path)
            with self._lock:
                self._known[path] = known
        return known


def file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read in chunks of :data:`_CHUNK`."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.digest()


def running_code_digest() -> str:
    """A digest of every module of the execution core: the code that produces an output.

    Every module, not a list of them: a module added later takes part as soon as it exists, and a
    change to any (even without a new release) must not let an output made by the old code be shown.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + file_digest(path) + b"\0")
    return digest.hexdigest()


def cache_key(
    script: Path,
    settings: RunSettings,
    extension_version: str,
    root: Path | None = None,
    exclude: tuple[Path, ...] = (),
    digests: Digests | None = None,
) -> str:
    """Everything that can change what ``script`` prints, hashed.

    The script's path (two scripts of one name in two folders differ), its bytes, the local
    modules and data files it can read (not those under ``exclude``), the interpreter and every
    installed distribution with its version, the environment it is given, and the extension's own
    running code. ``digests`` keeps the files' digests for the next key of the same build.
    """
    digests = digests if digests is not None else Digests()
    digest = hashlib.sha256()
    versions = environment_versions(settings.python)
    base = root if root is not None else script.parent
    for part in (
        f"format={CACHE_FORMAT}",
        f"extension={extension_version}",
        f"code={running_code_digest()}",
        f"python={versions['python']}",
        f"distributions={versions.get('distributions')}",
        settings.fingerprint(),
        script.resolve().relative_to(base.resolve()).as_posix() if root is not None else script.name,
    ):
        digest.update(part.encode() + b"\0")
    for path in [script, *local_modules(script), *data_files(script, exclude)]:
        name = path.relative_to(script.parent).as_posix()
        digest.update(name.encode() + b"\0" + digests(path) + b"\0")
    return digest.hexdigest()


class CacheError(OSError):
    """The cache folder cannot be written; the message names it and says what to do."""


class ResultCache:
    """Run results stored one JSON file per key, each with a checksum of its content."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str) -> RunResult | None:
        """The stored result, or None when it is missing or damaged (a damaged entry is removed, and said)."""
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
                raise ValueError("it was written by another version of the cache")
            payload = entry.get("result")
            if entry.get("checksum") != checksum(payload):
                raise ValueError("its checksum does not match its content")
            result = RunResult.from_json(_checked(payload))
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError) as error:
            logger.warning("execdocs: the cache entry %s is not used: %s; the example runs again", path, error)
            path.unlink(missing_ok=True)
            return None
        # Its time says when it was last used, so that a cache can be pruned; a cache may be read-only.
        with contextlib.suppress(OSError):
            os.utime(path)
        return result

    def prune(self, unused_since: float) -> int:
        """Remove the entries neither stored nor read since ``unused_since`` (a time, as ``time.time()``);
        returns how many."""
        removed = 0
        for path in self.directory.glob("*.json"):
            try:
                if path.stat().st_mtime < unused_since:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    def store(self, key: str, result: RunResult) -> None:
        """Store a successful result; failed runs are never stored.

        Raises :class:`CacheError`, naming the folder, when it cannot be written (full, read-only);
        nothing is left behind, not even half an entry.
        """
        if result.failure is not None:
            return
        payload = result.to_json()
        entry = {"format": CACHE_FORMAT, "checksum": checksum(payload), "result": payload}
        temporary = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream, ensure_ascii=False)
            os.replace(temporary, self._path(key))
        except OSError as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            raise CacheError(
                f"the cache folder {self.directory} cannot be written ({error.strerror or error}); "
                "free space there, or set execdocs_cache_dir in conf.py to a writable folder"
            ) from None


def checksum(payload: object) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _matches(value: object, kind: object) -> bool:
    """Whether JSON ``value`` is of the type ``kind`` (the annotation of a field of :class:`RunResult`)."""
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return any(_matches(value, argument) for argument in arguments)
    if kind is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and all(_matches(item, arguments[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(
            _matches(name, arguments[0]) and _matches(item, arguments[1]) for name, item in value.items()
        )
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(kind, type) and isinstance(value, kind)


def _checked(payload: object) -> dict[str, object]:
    """``payload`` if it has exactly the fields of :class:`RunResult`, each of its type; else ValueError."""
    if not isinstance(payload, dict):
        raise ValueError("its result is not a record")
    hints = typing.get_type_hints(RunResult)
    if set(payload) != set(hints):
        raise ValueError(f"its fields are not those of a result ({sorted(set(payload) ^ set(hints))})")
    for name, kind in hints.items():
        if not _matches(payload[name], kind):
            raise ValueError(f"its field {name!r} is {payload[name]!r:.60}, not of type {kind}")
    return payload
