"""The theme's script, narrowed to give tab stops to tables only (docs/_ext/tab_stops.py), on copies
of the script the installed theme ships."""

from __future__ import annotations

from pathlib import Path

import pydata_sphinx_theme
import pytest
import tab_stops
from sphinx.errors import ExtensionError

SHIPPED = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    copy = tmp_path / "_static/scripts/pydata-sphinx-theme.js"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(SHIPPED.read_bytes())
    return copy


def test_the_shipped_script_loses_only_the_code_blocks_from_its_list(script: Path) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert shipped.count(tab_stops.THEIRS) == 1, "the installed theme's list differs from THEIRS"
    tab_stops.narrow(script)
    narrowed = script.read_text(encoding="utf-8")
    assert tab_stops.THEIRS not in narrowed
    assert narrowed.count(tab_stops.OURS) == 1
    assert narrowed == shipped.replace(tab_stops.THEIRS, tab_stops.OURS)
    # The tables keep their tab stops from the theme's script; the rest is the site's own script's.
    assert '".pst-scrollable-table-container"' in tab_stops.OURS and '"pre"' not in tab_stops.OURS


def test_a_script_narrowed_by_the_last_build_is_left_as_it_is(script: Path) -> None:
    tab_stops.narrow(script)
    once = script.read_bytes()
    tab_stops.narrow(script)
    assert script.read_bytes() == once


def test_another_release_of_the_theme_stops_the_build_and_says_what_to_update(script: Path) -> None:
    # A release that gives one more kind of element a tab stop: the site would lay out every page whole.
    text = script.read_text(encoding="utf-8").replace('["pre",', '["pre",".highlight",')
    script.write_text(text, encoding="utf-8")
    with pytest.raises(ExtensionError) as raised:
        tab_stops.narrow(script)
    message = str(raised.value)
    assert str(script) in message
    assert "found 0 times" in message
    assert "docs/_ext/tab_stops.py" in message and "docs/_static/draw-sections.js" in message
    assert script.read_text(encoding="utf-8") == text  # left as it was
