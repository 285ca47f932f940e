"""Finding a Python of a given version on this machine, for the sessions of noxfile.py.

Standard library only: the noxfile imports it under whatever Python runs nox.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path


def variable_for(version: str, prefix: str = "PYTHON") -> str:
    """The environment variable that names an interpreter of ``version``: PYTHON3_13, COMPAT_PYTHON3_6."""
    return f"{prefix}{version.replace('.', '_')}"


def find_python(
    version: str, prefix: str = "PYTHON", environ: Mapping[str, str] | None = None, home: Path | None = None
) -> str | None:
    """An interpreter of ``version`` ("3.13"): the one $PYTHON3_13 names (with ``prefix`` "PYTHON"),
    else the newest of pyenv's (``$PYENV_ROOT/versions/3.13.*``, ``~/.pyenv`` by default), else
    ``python3.13`` on PATH when it runs (a pyenv shim of a version that is not selected does not)."""
    environ = os.environ if environ is None else environ
    named = environ.get(variable_for(version, prefix))
    if named:
        return shutil.which(named, path=environ.get("PATH"))
    root = Path(environ["PYENV_ROOT"]) if environ.get("PYENV_ROOT") else (home or Path.home()) / ".pyenv"
    installed = sorted(
        (path for path in (root / "versions").glob(f"{version}.*/bin/python{version}") if _release(path.parts[-3])),
        key=lambda path: _release(path.parts[-3]),
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(f"python{version}", path=environ.get("PATH"))
    if found and subprocess.run([found, "-c", ""], capture_output=True).returncode == 0:
        return found
    return None


def _release(name: str) -> tuple[int, ...]:
    """(3, 13, 0) for a pyenv folder "3.13.0"; () for anything else ("3.13.0t", "3.13-dev")."""
    return tuple(int(part) for part in name.split(".")) if re.fullmatch(r"\d+(\.\d+)+", name) else ()


def missing_message(version: str, needed_for: str, prefix: str = "PYTHON") -> str:
    """What to do when no interpreter of ``version`` is found."""
    return (
        f"{needed_for} needs Python {version}, which was not found. Install it (e.g. `pyenv install {version}`, "
        f"found under ~/.pyenv/versions/ or $PYENV_ROOT even when pyenv does not select it), put python{version} "
        f"on PATH, or set {variable_for(version, prefix)} to its path"
    )


def wheel_pythons(filenames: Iterable[str]) -> set[str]:
    """The Python versions ("3.13") that a release's wheels are built for, from their file names
    (``tensorflow_cpu-2.21.0-cp313-cp313-manylinux_2_27_x86_64.whl``)."""
    found = set()
    for name in filenames:
        if not name.endswith(".whl"):
            continue
        parts = name[:-4].split("-")
        if len(parts) < 5:
            continue
        for tag in parts[-3].split("."):
            match = re.fullmatch(r"cp(\d)(\d+)", tag)
            if match:
                found.add(f"{match[1]}.{match[2]}")
    return found


def newest(versions: Iterable[str]) -> str | None:
    """The newest of some Python versions ("3.9" < "3.13")."""
    ordered = sorted(versions, key=lambda version: tuple(int(n) for n in version.split(".")))
    return ordered[-1] if ordered else None
