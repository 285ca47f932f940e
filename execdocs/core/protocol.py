"""The records that pass between the build and the processes that run examples, and their wire form.

- :class:`RunRequest`: the build asks the warm parent (:mod:`execdocs.core.warm`) to fork a child
  that runs one script; one JSON line on the parent's standard input.
- :class:`Ready`, :class:`Forked`, :class:`Exited`: the parent's replies, one JSON line each on its
  standard output.
- :class:`RunRecord`: how a script's run ended, written by the child (forked or fresh, see
  :mod:`execdocs.core.driver`) as a JSON file and read by the runner.

Both ends use these classes, so a field added on one side cannot be forgotten on the other; a line
or file that does not have the expected fields and types raises :class:`ProtocolError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


class ProtocolError(ValueError):
    """A message that is not what the other end writes."""


def _load(text: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ProtocolError(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ProtocolError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    if name not in data:
        raise ProtocolError(f"the field {name!r} is missing")
    value = data[name]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ProtocolError(f"the field {name!r} is {value!r}, not of type {kind}")
    return value


@dataclass(frozen=True)
class RunRequest:
    """One script for the warm parent to run in a forked child, with the run's own files and folder."""

    #: Absolute path of the script, and the path it is known by (relative to the repository).
    script: str
    relpath: str
    #: Where the child writes its :class:`RunRecord`. The pipes of its output and of its cell marks
    #: (:mod:`execdocs.core.capture`) travel with the request, as descriptors, not in it.
    record: str
    #: The run's (empty) working folder.
    work: str
    #: The whole environment of the run.
    env: Mapping[str, str] = field(default_factory=dict)
    #: The request's number, echoed in the :class:`Forked` reply.
    id: int = 0
    #: Whether the child contains the run (:mod:`execdocs.core.isolate`).
    contain: bool = True

    def to_wire(self) -> str:
        """One line of JSON, newline included."""
        return json.dumps({**asdict(self), "env": dict(self.env)}, sort_keys=True) + "\n"

    @classmethod
    def from_wire(cls, line: str | bytes) -> RunRequest:
        """Read a line written by :meth:`to_wire`."""
        data = _load(line)
        env = _field(data, "env", dict)
        if not all(isinstance(key, str) and isinstance(value, str) for key, value in env.items()):
            raise ProtocolError("the field 'env' must map names to text")
        texts = {name: _field(data, name, str) for name in ("script", "relpath", "record", "work")}
        return cls(**texts, env=env, id=_field(data, "id", int), contain=_field(data, "contain", bool))


@dataclass(frozen=True)
class Ready:
    """The warm parent has imported what it preloads and takes requests."""


@dataclass(frozen=True)
class Forked:
    """The child for request ``id`` runs as ``pid``."""

    id: int
    pid: int


@dataclass(frozen=True)
class Exited:
    """The child ``pid`` ended with ``exit`` (the exit code, or minus the signal that killed it)."""

    pid: int
    exit: int


Reply = Ready | Forked | Exited


def reply_to_wire(reply: Reply) -> str:
    """One line of JSON for a reply, newline included."""
    if isinstance(reply, Ready):
        data: dict[str, Any] = {"kind": "ready"}
    elif isinstance(reply, Forked):
        data = {"kind": "forked", "id": reply.id, "pid": reply.pid}
    else:
        data = {"kind": "exited", "pid": reply.pid, "exit": reply.exit}
    return json.dumps(data) + "\n"


def reply_from_wire(line: str | bytes) -> Reply:
    """Read a line written by :func:`reply_to_wire`."""
    data = _load(line)
    kind = data.get("kind")
    if kind == "ready":
        return Ready()
    if kind == "forked":
        return Forked(id=_field(data, "id", int), pid=_field(data, "pid", int))
    if kind == "exited":
        return Exited(pid=_field(data, "pid", int), exit=_field(data, "exit", int))
    raise ProtocolError(f"unknown reply kind {kind!r}")


@dataclass(frozen=True)
class CellFailure:
    """The script could not be cut into cells or read (the page's fault, not the script's output)."""

    message: str
    line: int | None


@dataclass(frozen=True)
class Raised:
    """The exception that ended the script, and the script's line it came from."""

    type: str
    line: int | None


@dataclass(frozen=True)
class RunRecord:
    """How one run of a script ended, as the child saw it."""

    exception: Raised | None = None
    #: What the script passed to ``sys.exit`` (0 when it did not call it).
    exit_code: int = 0
    cell_error: CellFailure | None = None
    #: Why the run was not contained (:mod:`execdocs.core.isolate`); None when it was.
    isolation: str | None = None

    def to_json(self) -> str:
        """The record as a JSON text."""
        data = {
            "exception": None if self.exception is None else {"type": self.exception.type, "line": self.exception.line},
            "exit_code": self.exit_code,
            "cell_error": None
            if self.cell_error is None
            else {"message": self.cell_error.message, "line": self.cell_error.line},
            "isolation": self.isolation,
        }
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> RunRecord:
        """Read a record written by :meth:`to_json`."""
        data = _load(text)
        raised = _field(data, "exception", dict, optional=True)
        failure = _field(data, "cell_error", dict, optional=True)
        return cls(
            exception=None
            if raised is None
            else Raised(type=_field(raised, "type", str), line=_field(raised, "line", int, optional=True)),
            exit_code=_field(data, "exit_code", int),
            cell_error=None
            if failure is None
            else CellFailure(message=_field(failure, "message", str), line=_field(failure, "line", int, optional=True)),
            isolation=_field(data, "isolation", str, optional=True),
        )
