"""The extension's settings: one typed record, each field a ``execdocs_*`` value in conf.py."""

from __future__ import annotations

import math
import os
import re
import runpy
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execdocs.core.runner import RunSettings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "execdocs_"


@dataclass(frozen=True)
class ExecdocsConfig:
    """Settings read from conf.py as ``execdocs_<field>``."""

    root: str = field(
        default="",
        metadata={"help": "repository root; examples must lie inside it (default: the folder of conf.py)"},
    )
    cache_dir: str = field(
        default="_build/execdocs-cache", metadata={"help": "where run results are cached, relative to root"}
    )
    timeout: float = field(default=120.0, metadata={"help": "seconds one example may run before it is stopped"})
    max_output_bytes: int = field(default=1_000_000, metadata={"help": "output beyond this is cut, with a notice"})
    python: str = field(
        default="", metadata={"help": "interpreter that runs the examples (default: the one running Sphinx)"}
    )
    env: dict[str, str] = field(
        default_factory=dict, metadata={"help": "extra environment variables for every example"}
    )
    preload: list[str] = field(
        default_factory=list,
        metadata={"help": "modules imported once in the parent that every run is forked from (e.g. tensorflow)"},
    )
    provenance: list[str] = field(
        default_factory=list,
        metadata={"help": "distributions whose version the page names under each output (the first installed)"},
    )
    drop_lines: list[str] = field(
        default_factory=list,
        metadata={"help": "regular expressions of whole output lines to drop (a library's log lines)"},
    )
    workers: int = field(default=0, metadata={"help": "examples run at once (default: one per core)"})
    fork: bool = field(
        default=True,
        metadata={"help": "fork each run from a parent that imported the preloaded modules once (same output, faster)"},
    )
    contain: bool = field(
        default=True,
        metadata={"help": "contain each run in namespaces of its own, where the system allows it (same output)"},
    )
    compat_report: str = field(
        default="",
        metadata={"help": "the report of `python -m execdocs compat-report`, relative to root ('' for none)"},
    )
    execute: bool = field(default=True, metadata={"help": "run examples; False shows code without output"})

    def root_path(self, confdir: Path) -> Path:
        """The repository root as an absolute path."""
        return (confdir / self.root).resolve() if self.root else confdir.resolve()

    def python_path(self) -> str:
        """The interpreter that runs the examples."""
        return self.python or sys.executable

    def worker_count(self) -> int:
        """How many examples may run at once."""
        return self.workers or os.cpu_count() or 1

    def run_settings(self, **overrides: Any) -> RunSettings:
        """How the examples run under these settings: the build, the doctest and the command line alike."""
        values: dict[str, Any] = {
            "python": self.python_path(),
            "timeout": float(self.timeout),
            "max_output_bytes": self.max_output_bytes,
            "env": dict(self.env),
            "preload": tuple(self.preload),
            "provenance": tuple(self.provenance),
            "drop_lines": tuple(self.drop_lines),
            "fork": self.fork,
            "contain": self.contain,
        }
        return RunSettings(**{**values, **overrides})


def register(app: Sphinx) -> None:
    """Declare every field as a config value with the extension's prefix."""
    defaults = ExecdocsConfig()
    for item in fields(ExecdocsConfig):
        default = getattr(defaults, item.name)
        kinds = (int, float) if isinstance(default, float) else (type(default),)
        if isinstance(default, float) and default.is_integer():
            # Sphinx converts a -D value by the type of the default, and refuses to for a float:
            # a whole default lets `-D execdocs_timeout=30` through (conf.py may still give 0.5).
            default = int(default)
        app.add_config_value(PREFIX + item.name, default, "env", types=kinds)


def read(config: Config) -> ExecdocsConfig:
    """Collect the prefixed values of ``config`` into one record; a bad value fails naming its setting."""
    values: dict[str, Any] = {item.name: getattr(config, PREFIX + item.name) for item in fields(ExecdocsConfig)}
    problem = _problem(values)
    if problem:
        from sphinx.errors import ConfigError

        raise ConfigError(f"{PREFIX}{problem}; correct it in conf.py (or the -D option that sets it)")
    return ExecdocsConfig(**values)


def for_root(root: Path) -> ExecdocsConfig:
    """The settings of the project at ``root``: its conf.py's, or the defaults where it has none.

    The examples run from the command line as the build runs them. Raises :class:`ValueError` as
    :func:`from_conf_file` does.
    """
    conf = root / "conf.py"
    return from_conf_file(conf) if conf.is_file() else ExecdocsConfig()


def from_conf_file(conf: Path) -> ExecdocsConfig:
    """The ``execdocs_*`` values of a conf.py, read without Sphinx (for ``python -m execdocs``).

    Raises :class:`ValueError` naming the setting when a value is wrong.
    """
    namespace = runpy.run_path(str(conf))
    defaults = ExecdocsConfig()
    values = {item.name: namespace.get(PREFIX + item.name, getattr(defaults, item.name)) for item in fields(defaults)}
    problem = _problem(values)
    if problem:
        raise ValueError(f"{conf}: {PREFIX}{problem}; correct it in conf.py")
    return ExecdocsConfig(**values)


def _names(value: object) -> bool:
    """Whether ``value`` is a list of names (of modules, or of distributions)."""
    return isinstance(value, list | tuple) and all(
        isinstance(item, str) and re.fullmatch(r"[A-Za-z_][\w.-]*", item) for item in value
    )


# The numbers a build can take: (int for whole numbers from the lowest, float for any number
# above it; lowest, highest; what the setting is; what is allowed). A bound keeps a typo (a timeout
# of a year, a cap of a terabyte, a million workers) from starting a build that cannot end well.
_NUMBERS: dict[str, tuple[type, float, float, str, str]] = {
    "timeout": (float, 0, 86_400, "a positive number of seconds", "more than 0 and at most 86,400 (a day)"),
    "max_output_bytes": (int, 1, 100_000_000, "a positive number of bytes", "a whole number from 1 to 100,000,000"),
    "workers": (int, 0, 256, "0 (one per core) or more", "a whole number from 0 to 256"),
}


def _number_problem(name: str, value: object) -> str | None:
    """What is wrong with the number ``value`` of the setting ``name``, or None."""
    kind, low, high, what, allowed = _NUMBERS[name]
    # True is an int to Python, never a count or a duration here; NaN compares false with every
    # bound, so finiteness is asked first (of floats only: an int of any size is finite).
    fits = (
        not isinstance(value, bool)
        and isinstance(value, (int, float) if kind is float else int)
        and (not isinstance(value, float) or math.isfinite(value))
        and (low < value if kind is float else low <= value)
        and value <= high
    )
    return None if fits else f"{name} must be {what}, not {value!r}; allowed: {allowed}"


def _path_problem(name: str, value: object) -> str | None:
    """What is wrong with a path setting, or None."""
    if not isinstance(value, str) or "\0" in value:
        return f"{name} must be a path as text, not {value!r}"
    return None


def _problem(values: dict[str, Any]) -> str | None:
    """What is wrong with the first bad value, starting with the setting's name (without the prefix)."""
    for name in _NUMBERS:
        problem = _number_problem(name, values[name])
        if problem:
            return problem
    for name in ("root", "cache_dir", "compat_report", "python"):
        problem = _path_problem(name, values[name])
        if problem:
            return problem
    for name in ("fork", "contain", "execute"):
        if not isinstance(values[name], bool):
            return f"{name} must be True or False, not {values[name]!r}"
    env = values["env"]
    # A name with '=' or NUL, or a value with NUL, cannot be put in a process's environment.
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[^=\0]+", k) and "\0" not in v
        for k, v in env.items()
    ):
        return f"env must map names to text, not {env!r}; allowed: names without '=' or NUL, values without NUL"
    if not _names(values["preload"]):
        return f"preload must list module names, e.g. ['tensorflow'], not {values['preload']!r}"
    if not _names(values["provenance"]):
        return f"provenance must list distribution names, e.g. ['tensorflow'], not {values['provenance']!r}"
    patterns = values["drop_lines"]
    if not isinstance(patterns, list) or not all(isinstance(pattern, str) for pattern in patterns):
        return f"drop_lines must list regular expressions as text, not {patterns!r}"
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"drop_lines has {pattern!r}, which is not a regular expression ({error})"
    python = values["python"]
    if python and not Path(python).is_file():
        return f"python names {python!r}, which is not a file"
    return None
