"""The on-disk cache of run results: its key, its store, and its format version."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import tempfile
from pathlib import Path

from execdocs.core.expected import EXPECTED_SUFFIX
from execdocs.core.runner import RunResult, RunSettings, environment_versions

#: Bump when the meaning of a stored result changes, so old entries are never read.
CACHE_FORMAT = 3


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


def _is_expected_picture(path: Path) -> bool:
    """``NN_name.picture.svg`` next to ``NN_name.py`` is what that script drew: an output, not an input."""
    return path.suffix == ".svg" and path.with_name(path.name.split(".", 1)[0] + ".py").is_file()


def data_files(script: Path) -> list[Path]:
    """Files in the script's folder, and below it, that it may read: all but scripts and outputs."""
    return sorted(
        path
        for path in script.parent.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc", EXPECTED_SUFFIX)
        and not _is_expected_picture(path)
        and "__pycache__" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(script.parent).parts)
    )


#: The extension's modules that take part in producing an output: a change to any of them (even
#: without a new release) must not let an output made by the old code be shown.
_RUNNING_CODE = (
    "capture.py",
    "cells.py",
    "clean.py",
    "driver.py",
    "images.py",
    "isolate.py",
    "protocol.py",
    "runner.py",
    "warm.py",
)


def running_code_digest() -> str:
    """A digest of the extension's modules that produce outputs."""
    digest = hashlib.sha256()
    for name in _RUNNING_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def cache_key(script: Path, settings: RunSettings, extension_version: str, root: Path | None = None) -> str:
    """Everything that can change what ``script`` prints, hashed.

    The script's path (two scripts of one name in two folders differ), its bytes, the local
    modules and data files it can read, the interpreter and every installed distribution with its
    version, the environment it is given, and the extension's own running code.
    """
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
    for path in [script, *local_modules(script), *data_files(script)]:
        name = path.relative_to(script.parent).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ResultCache:
    """Run results stored one JSON file per key, each with a checksum of its content."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str) -> RunResult | None:
        """The stored result, or None when it is missing or damaged (a damaged entry is removed)."""
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            payload = entry["result"]
            if entry["format"] != CACHE_FORMAT or entry["checksum"] != _checksum(payload):
                raise ValueError("checksum mismatch")
            return RunResult.from_json(payload)
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            path.unlink(missing_ok=True)
            return None

    def store(self, key: str, result: RunResult) -> None:
        """Store a successful result; failed runs are never stored."""
        if result.failure is not None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = result.to_json()
        entry = {"format": CACHE_FORMAT, "checksum": _checksum(payload), "result": payload}
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entry, stream, ensure_ascii=False)
        os.replace(temporary, self._path(key))


def _checksum(payload: object) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
