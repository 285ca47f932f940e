"""The test builds share the theme's compiled templates (tests/util.py, build): a build compiles
only a template that no build compiled before from the same source, so an edited template is
always compiled again and its page never shows the template as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from tests import util

EDITED = '{{% extends "!layout.html" %}}{{% block footer %}}{{{{ super() }}}}<p>{mark}</p>{{% endblock %}}\n'


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The names of the template files compiled from now on, with a cache of this test's own."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if name is not None:  # a template file, not a string rendered once
            names.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    monkeypatch.setattr(util, "TEMPLATE_CACHE", jinja2.FileSystemBytecodeCache(str(tmp_path)))
    return names


def project(tmp_path: Path, name: str) -> Path:
    srcdir = util.copy_root("basic", tmp_path / name)
    (srcdir / "_templates").mkdir()
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('templates_path = ["_templates"]\n')
    return srcdir


def test_a_build_compiles_only_templates_no_build_compiled_before(tmp_path: Path, compiled: list[str]) -> None:
    first, second = project(tmp_path, "first"), project(tmp_path, "second")
    util.build(first, execdocs_execute=False)
    assert "page.html" in compiled and "layout.html" in compiled, compiled
    compiled.clear()
    util.build(second, execdocs_execute=False)
    assert compiled == [], "a second project compiled again what the first one compiled"

    # The first edit also brings the theme's own layout in under a name of its own ("!layout.html").
    for mark, expected in (("edited-once", ["layout.html", "!layout.html"]), ("edited-twice", ["layout.html"])):
        (second / "_templates" / "layout.html").write_text(EDITED.format(mark=mark), encoding="utf-8")
        util.build(second, fresh=True, execdocs_execute=False)
        assert compiled == expected, compiled
        page = (second / "_build" / "html" / "index.html").read_text(encoding="utf-8")
        assert f"<p>{mark}</p>" in page and page.count("<p>edited-") == 1, "the page shows a template as it was"
        compiled.clear()
