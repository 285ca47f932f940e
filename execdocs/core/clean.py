"""Output cleaning: pure ``str -> str`` rules, and the guard against build-machine paths."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

_ADDRESS = re.compile(r"(?<=\bat )0x[0-9a-fA-F]{4,}\b")
_TIMESTAMP = re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?\b")

# Absolute paths that are typical of someone's machine rather than of the output itself. (Only
# whether a line holds one counts: "site-packages" alone finds what a path to it would.)
_MACHINE_PATH = re.compile(
    r"(?:/home/[^/\s'\"]+|/Users/[^/\s'\"]+|/root(?=/)|/tmp(?=/)|/var/folders|"
    r"[A-Za-z]:\\(?:Users|Windows)|(?:site|dist)-packages)"
)


# Characters that show as nothing (zero-width spaces and joiners, word joiner, byte-order mark,
# soft hyphen): a value with them inside reads, and copies, as the value itself.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACE = re.compile(r"\s+")

# A memory address in any common spelling: 0x and 8 to 16 hex digits (``0x7f3a2c1b9d50``).
_ANY_ADDRESS = re.compile(r"(?<![0-9A-Za-z_])0[xX][0-9a-fA-F]{8,16}(?![0-9A-Za-z_])")


@dataclass(frozen=True)
class MachineDetails:
    """What of the build machine an output must never hold, checked after the paths are relabelled.

    ``folders`` are refused as a path or the start of one (the home and temporary folders, the
    repository's parent, which also covers its siblings); ``words`` as whole words (user and host
    names); ``values`` anywhere (the builder's environment variables, by name).
    """

    folders: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MachinePaths:
    """Folders of the build machine that must not reach a page, with what replaces each."""

    replacements: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> MachinePaths:
        """Order the folders longest first, so that a folder inside another wins."""
        unique = {folder.rstrip("/"): label for folder, label in pairs if folder.rstrip("/")}
        return cls(tuple(sorted(unique.items(), key=lambda item: -len(item[0]))))


def strip_ansi(text: str) -> str:
    """Remove terminal colour and cursor escape sequences."""
    return _ANSI.sub("", text)


def drop_lines(text: str, patterns: Iterable[str]) -> str:
    """Remove every whole line that one of ``patterns`` (regular expressions) matches: the log lines
    a library writes with timestamps, process ids and source paths (``execdocs_drop_lines``)."""
    for pattern in patterns:
        text = re.sub(rf"^(?:{pattern})(?:\n|\Z)", "", text, flags=re.MULTILINE)
    return text


def mask_addresses(text: str) -> str:
    """Replace memory addresses in object reprs (``at 0x7f...``), which change every run."""
    return _ADDRESS.sub("0x...", text)


def mask_timestamps(text: str) -> str:
    """Replace wall-clock timestamps, which change every run."""
    return _TIMESTAMP.sub("<timestamp>", text)


def normalize_newlines(text: str) -> str:
    """Use ``\\n`` only, as every page does."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def drop_frames_of(text: str, files: Iterable[str]) -> str:
    """Remove traceback frames (``File "...", line N, in f`` and the source line under it) that
    point into ``files``.

    TensorFlow lists the frames that created a variable in some error messages; the frames of
    the process that runs the example are not part of it, and are absent when run by hand.
    """
    for name in files:
        frame = rf'^ *File "{re.escape(name)}", line \d+, in \S+\n(?: {{4,}}(?!File ")\S.*\n)?'
        text = re.sub(frame, "", text, flags=re.M)
    return text


def relativize_paths(text: str, paths: MachinePaths) -> str:
    """Replace each build-machine folder by its label; the repository root becomes relative."""
    for folder, label in paths.replacements:
        text = text.replace(folder + "/", label + "/" if label else "")
        text = re.sub(re.escape(folder) + r"(?![\w.\-])", label or ".", text)
    return text


def clean_output(
    text: str, paths: MachinePaths, hidden_files: Iterable[str] = (), dropped_lines: Iterable[str] = ()
) -> str:
    """Apply every cleaning rule, in order."""
    text = normalize_newlines(text)
    text = drop_frames_of(text, hidden_files)
    text = strip_ansi(text)
    text = drop_lines(text, dropped_lines)
    text = mask_addresses(text)
    text = mask_timestamps(text)
    return relativize_paths(text, paths)


def find_machine_paths(text: str, paths: MachinePaths) -> list[str]:
    """Return the lines of ``text`` that still look like they name a build-machine path."""
    folders = [folder for folder, _ in paths.replacements]
    return [
        line for line in text.splitlines() if _MACHINE_PATH.search(line) or any(folder in line for folder in folders)
    ]


def _unbroken(text: str) -> str:
    """``text`` without its line breaks and the spaces and tabs around each: a value cut over two
    lines reads as one. (Split, not one pattern: ``[ \\t]*\\n`` searched in a line of spaces
    tries every start, and a mebibyte of spaces would take hours.)"""
    pieces = _LINE_BREAK.split(text)
    if len(pieces) == 1:
        return text
    middle = [piece.strip(" \t") for piece in pieces[1:-1]]
    return "".join([pieces[0].rstrip(" \t"), *middle, pieces[-1].lstrip(" \t")])


def find_machine_details(text: str, paths: MachinePaths, details: MachineDetails) -> list[str]:
    """Why ``text`` cannot be shown: each machine detail it holds, described without its value.

    Each is looked for as a reader would see it: in any case, with invisible characters removed,
    and also with the lines joined (a value cut over two lines); values with no space at all.
    """
    visible = _INVISIBLE.sub("", text)
    # The text as it reads, and as it reads with every line break taken out.
    readings = (visible, _unbroken(visible))
    found = [f"a path of the build machine: {line!r}" for line in find_machine_paths(visible, paths)]
    for folder in details.folders:
        pattern = re.compile(rf"(?<![\w.\-]){re.escape(folder.rstrip('/'))}(?![\w.\-])", re.IGNORECASE)
        for reading in readings:
            match = pattern.search(reading)
            if match:
                line = reading[reading.rfind("\n", 0, match.start()) + 1 :].split("\n", 1)[0]
                found.append(f"a path of the build machine: {line!r}")
                break
    for word in details.words:
        pattern = re.compile(rf"(?<![\w.\-]){re.escape(word)}(?![\w\-])", re.IGNORECASE)
        if any(pattern.search(reading) for reading in readings):
            found.append("the build machine's user or host name")
    squeezed = _SPACE.sub("", visible).casefold()
    for name, value in details.values:
        needle = _SPACE.sub("", value).casefold()
        if needle and needle in squeezed:
            found.append(f"the value of the builder's environment variable ${name}")
    for address in _ANY_ADDRESS.findall(text):
        found.append(f"a memory address ({address[:2]}...), which changes from run to run")
        break
    return list(dict.fromkeys(found))
