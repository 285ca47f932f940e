"""What directives, roles and the build's steps share for one build: settings, root, store, report."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from execdocs.config import ExecdocsConfig
from execdocs.core.store import ExampleStore

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class BuildState:
    """What directives and roles need from the build: settings, the root, the store."""

    config: ExecdocsConfig
    root: Path
    #: None when this build runs nothing (the gettext builder, or ``execdocs_execute = False``).
    store: ExampleStore | None
    #: The compatibility report (``execdocs_compat_report``), or None.
    compat: dict | None = None
    compat_path: Path | None = None
    #: The gettext builder: the pages' words are extracted, not shown.
    extracting: bool = False


# Keyed by the build environment, which directives and roles can reach; never pickled with it.
_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build that ``env`` belongs to."""
    return _STATES[env]


def keep_state(env: BuildEnvironment, state: BuildState) -> None:
    """Make ``state`` the state of the build that ``env`` belongs to (at builder-inited)."""
    _STATES[env] = state


def current_state(env: BuildEnvironment) -> BuildState | None:
    """The state of the build of ``env``, or None before builder-inited."""
    return _STATES.get(env)
