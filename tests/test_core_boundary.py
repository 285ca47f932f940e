"""The execution core (``execdocs.core``) stands without Sphinx: the doctest, the command line and
other front ends run examples through it, and the docs build is only one of its users."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "execdocs" / "core"
#: What the Sphinx layer is made of; the core may import none of it, not even inside a function.
SPHINX_LAYER = ("sphinx", "docutils", "myst_parser")


def _core_modules() -> list[str]:
    return sorted(f"execdocs.core.{path.stem}" for path in CORE.glob("*.py") if path.stem != "__init__")


def _imported(tree: ast.AST, module: str) -> set[str]:
    """Every module ``tree`` imports, anywhere in it, as absolute names."""
    names: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_no_module_of_the_core_imports_the_sphinx_layer() -> None:
    offending = []
    for path in sorted(CORE.glob("*.py")):
        module = f"execdocs.core.{path.stem}"
        for name in sorted(_imported(ast.parse(path.read_bytes()), module)):
            top = name.split(".")[0]
            # execdocs.core.* is fine; execdocs.<anything else> is the Sphinx layer
            outside_core = (
                top == "execdocs" and name not in ("execdocs", "execdocs.core") and not name.startswith("execdocs.core")
            )
            if top in SPHINX_LAYER or outside_core:
                offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, offending


def test_importing_the_whole_core_loads_no_sphinx() -> None:
    modules = _core_modules()
    assert {"execdocs.core.runner", "execdocs.core.warm", "execdocs.core.cache", "execdocs.core.store"} <= set(modules)
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {SPHINX_LAYER!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(done.stdout) == []


def test_the_boundary_check_sees_a_sphinx_import_inside_a_function() -> None:
    source = "def f():\n    from sphinx.util import logging\n    from ..labels import label\n"
    names = _imported(ast.parse(source), "execdocs.core.runner")
    assert "sphinx.util" in names
    assert "execdocs.labels" in names
