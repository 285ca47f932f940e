"""Settings: every value outside what a build can use is refused, naming the setting and what is allowed."""

from __future__ import annotations

import math
import re
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.errors import ConfigError

from execdocs.config import PREFIX, ExecdocsConfig, from_conf_file, read
from tests import util

# (setting, the value as conf.py writes it, what the refusal says after "execdocs_<setting> must ").
REFUSED = [
    ("timeout", "float('nan')", "be a positive number of seconds, not nan; allowed: more than 0 and at most 86,400"),
    ("timeout", "float('inf')", "be a positive number of seconds, not inf; allowed: more than 0"),
    ("timeout", "-math.inf", "be a positive number of seconds, not -inf; allowed: more than 0"),
    ("timeout", "-1", "be a positive number of seconds, not -1; allowed: more than 0"),
    ("timeout", "0", "be a positive number of seconds, not 0; allowed: more than 0"),
    ("timeout", "0.0", "be a positive number of seconds, not 0.0; allowed"),
    ("timeout", "365 * 24 * 3600", "be a positive number of seconds, not 31536000; allowed: more than 0 and at most"),
    ("timeout", "10**400", "be a positive number of seconds, not 1000"),
    ("timeout", "True", "be a positive number of seconds, not True; allowed"),
    ("timeout", "'120'", "be a positive number of seconds, not '120'; allowed"),
    ("timeout", "None", "be a positive number of seconds, not None; allowed"),
    ("max_output_bytes", "0", "be a positive number of bytes, not 0; allowed: a whole number from 1 to 100,000,000"),
    ("max_output_bytes", "10**12", "be a positive number of bytes, not 1000000000000; allowed: a whole number"),
    ("max_output_bytes", "-5", "be a positive number of bytes, not -5; allowed"),
    ("max_output_bytes", "1e6", "be a positive number of bytes, not 1000000.0; allowed: a whole number"),
    ("max_output_bytes", "float('nan')", "be a positive number of bytes, not nan; allowed"),
    ("max_output_bytes", "True", "be a positive number of bytes, not True; allowed"),
    ("workers", "0 - 1", "be 0 (one per core) or more, not -1; allowed: a whole number from 0 to 256"),
    ("workers", "10**6", "be 0 (one per core) or more, not 1000000; allowed: a whole number from 0 to 256"),
    ("workers", "2.0", "be 0 (one per core) or more, not 2.0; allowed"),
    ("workers", "float('inf')", "be 0 (one per core) or more, not inf; allowed"),
    ("workers", "True", "be 0 (one per core) or more, not True; allowed"),
    ("fork", "1", "be True or False, not 1"),
    ("contain", "'no'", "be True or False, not 'no'"),
    ("execute", "None", "be True or False, not None"),
    ("python", "3", "be a path as text, not 3"),
    ("cache_dir", "None", "be a path as text, not None"),
    ("root", "'a\\0b'", "be a path as text, not 'a\\x00b'"),
    ("compat_report", "Path('docs/compat.json')", "be a path as text, not PosixPath('docs/compat.json')"),
    ("env", "{'A=B': 'x'}", "map names to text, not {'A=B': 'x'}; allowed: names without '='"),
    ("env", "{'A': 'x\\0y'}", "map names to text, not {'A': 'x\\x00y'}; allowed"),
    ("env", "{'': 'x'}", "map names to text, not {'': 'x'}"),
    ("env", "{'SEED': 1}", "map names to text, not {'SEED': 1}"),
    ("preload", "'tensorflow'", "list module names, e.g. ['tensorflow'], not 'tensorflow'"),
    ("provenance", "[3]", "list distribution names, e.g. ['tensorflow'], not [3]"),
    ("drop_lines", "'^W'", "list regular expressions as text, not '^W'"),
]

ACCEPTED = [
    ("timeout", "0.5"),
    ("timeout", "86_400"),
    ("timeout", "120.0"),
    ("max_output_bytes", "1"),
    ("max_output_bytes", "100_000_000"),
    ("workers", "0"),
    ("workers", "256"),
    ("fork", "False"),
    ("env", "{'TF_CPP_MIN_LOG_LEVEL': '3'}"),
    ("drop_lines", "['^W0000 ']"),
]


def write_conf(folder: Path, setting: str, expression: str) -> Path:
    """A conf.py that sets one execdocs_* value to what ``expression`` evaluates to."""
    conf = folder / "conf.py"
    conf.write_text(f"import math\nfrom pathlib import Path\n{PREFIX}{setting} = {expression}\n", encoding="utf-8")
    return conf


def sphinx_config(setting: str, value: object) -> SimpleNamespace:
    """What :func:`read` sees of Sphinx's configuration: every value at its default but one."""
    values = {PREFIX + item.name: getattr(ExecdocsConfig(), item.name) for item in fields(ExecdocsConfig)}
    return SimpleNamespace(**{**values, PREFIX + setting: value})


@pytest.mark.parametrize(("setting", "expression", "message"), REFUSED)
def test_a_value_out_of_range_is_refused_naming_the_setting(
    tmp_path: Path, setting: str, expression: str, message: str
) -> None:
    conf = write_conf(tmp_path, setting, expression)
    with pytest.raises(ValueError) as refused:
        from_conf_file(conf)
    assert str(refused.value).startswith(f"{conf}: {PREFIX}{setting} must {message}"), refused.value
    value = eval(expression, {"math": math, "Path": Path})  # the same value, as Sphinx would hold it
    with pytest.raises(ConfigError, match=re.escape(f"{PREFIX}{setting} must {message}")):
        read(sphinx_config(setting, value))  # type: ignore[arg-type]


@pytest.mark.parametrize(("setting", "expression"), ACCEPTED)
def test_a_value_in_range_is_kept(tmp_path: Path, setting: str, expression: str) -> None:
    settings = from_conf_file(write_conf(tmp_path, setting, expression))
    assert getattr(settings, setting) == eval(expression)


def test_the_site_settings_are_accepted() -> None:
    settings = from_conf_file(Path(__file__).resolve().parent.parent / "conf.py")
    assert 0 < settings.timeout <= 86_400 and settings.run_settings().timeout == settings.timeout


@pytest.mark.parametrize(
    ("setting", "given", "kept"), [("timeout", "30", 30), ("max_output_bytes", "5000", 5000), ("workers", "1", 1)]
)
def test_a_number_set_with_dash_d_is_used(tmp_path: Path, setting: str, given: str, kept: int) -> None:
    """`sphinx-build -D execdocs_<setting>=<number>` sets it: Sphinx hands -D values over as text and
    converts them by the type of the setting's default (it refused to for the timeout's 120.0)."""
    srcdir = tmp_path / "project"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["execdocs"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("A page\n======\n", encoding="utf-8")
    overrides: dict[str, Any] = {PREFIX + setting: given}  # as -D gives it: text
    app = util.build(srcdir, **overrides)
    assert "cannot override" not in app.warning.getvalue(), app.warning.getvalue()
    assert getattr(read(app.config), setting) == kept
