"""Files on the build's boundaries: read what a run left, write what the repository keeps.

A run's working folder is the example's: any name in it may be a link (to ``/proc/self/environ``,
``/dev/zero``, a file of the builder), a FIFO that blocks whoever opens it, a directory, or a sparse
file of gigabytes. The builder opens each name relative to the folder's own descriptor, never
following a link, refuses anything but a regular file before it reads a byte, and reads at most a
cap. Files written into the repository (expected outputs, committed pictures) are written the same
way: through descriptors of its folders, never through a link, never outside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

#: Open without following a link in the last component, nor blocking on a FIFO or a device.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class UntrustedFileError(ValueError):
    """A file that is not what the builder may read or write; the message says why."""


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a directory",
        stat.S_ISFIFO: "a FIFO",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
        stat.S_ISSOCK: "a socket",
        stat.S_ISLNK: "a link",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


@contextlib.contextmanager
def open_folder(folder: Path) -> Iterator[int]:
    """A descriptor of ``folder`` (itself not a link), closed on leaving."""
    descriptor = os.open(folder, _DIRECTORY_FLAGS)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def read_left(folder: int, name: str, cap: int) -> bytes:
    """The bytes of the regular file ``name`` in the folder open as ``folder``, refused past ``cap`` bytes.

    ``name`` is one component: a link, a FIFO, a device, a directory, a file with other hard links
    (it would be someone else's file) or one larger than ``cap`` raise :class:`UntrustedFileError`.
    """
    if "/" in name or name in (".", ".."):
        raise UntrustedFileError(f"{name!r} is not a plain file name")
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=folder)
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UntrustedFileError(f"{name} is a link; write the file itself") from None
        raise UntrustedFileError(f"{name} cannot be read ({error.strerror})") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UntrustedFileError(f"{name} is {_kind(status.st_mode)}, not a file")
        if status.st_nlink != 1:
            raise UntrustedFileError(f"{name} is a hard link to another file; write the file itself")
        if status.st_size > cap:
            raise UntrustedFileError(f"{name} has {status.st_size:,} bytes, more than {cap:,}")
        chunks, size = [], 0
        # Read to the cap whatever the size said: the file may have grown since.
        while chunk := os.read(descriptor, min(cap + 1 - size, 1 << 16)):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise UntrustedFileError(f"{name} has more than {cap:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_left_file(path: Path, cap: int) -> bytes:
    """:func:`read_left` of ``path``'s name in its folder (the folder itself not a link)."""
    with open_folder(path.parent) as folder:
        return read_left(folder, path.name, cap)


def read_repository_file(path: Path, root: Path, cap: int) -> bytes | None:
    """The bytes of ``path``, a file of the repository ``root``, or None if it does not exist.

    No component below ``root`` may be a link: a committed link to a file elsewhere (a secret of
    the builder) is refused, not read.
    """
    parts = _parts_below(path, root)
    try:
        with _descend(root, parts[:-1]) as folder:
            return read_left(folder, parts[-1], cap)
    except FileNotFoundError:
        return None
    except UntrustedFileError as error:
        raise UntrustedFileError(f"{path.relative_to(root)}: {error}") from None


def write_repository_file(path: Path, root: Path, data: bytes) -> None:
    """Write ``data`` as ``path``, a file inside the repository ``root``, atomically.

    Never through a link: a link at ``path`` or at any folder on the way is refused with
    :class:`UntrustedFileError`, as is a path outside ``root``. The file is written beside its
    target and renamed over it, so a reader never sees half of it.
    """
    parts = _parts_below(path, root)
    name = parts[-1]
    with _descend(root, parts[:-1]) as folder:
        try:
            status = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            status = None
        if status is not None and not stat.S_ISREG(status.st_mode):
            raise UntrustedFileError(f"{path.relative_to(root)} is {_kind(status.st_mode)}; make it a plain file")
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        mode = stat.S_IMODE(status.st_mode) if status is not None else 0o644  # a replaced file keeps its mode
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode, dir_fd=folder)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise


def remove_repository_file(path: Path, root: Path) -> None:
    """Remove ``path``, inside the repository ``root``, reaching it through no link."""
    parts = _parts_below(path, root)
    with _descend(root, parts[:-1]) as folder:
        os.unlink(parts[-1], dir_fd=folder)


def _parts_below(path: Path, root: Path) -> tuple[str, ...]:
    """The components of ``path`` below ``root``, compared as written (``..`` refused)."""
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if not path.is_relative_to(root) or path == root:
        raise UntrustedFileError(f"{path} lies outside the repository ({root}); nothing is written there")
    parts = path.relative_to(root).parts
    if ".." in parts:
        raise UntrustedFileError(f"{path} leaves the repository through '..'")
    return parts


@contextlib.contextmanager
def _descend(root: Path, parts: tuple[str, ...]) -> Iterator[int]:
    """A descriptor of the folder ``root/parts``, reached one component at a time, through no link."""
    descriptor = os.open(root, _DIRECTORY_FLAGS)
    try:
        for part in parts:
            try:
                below = os.open(part, _DIRECTORY_FLAGS, dir_fd=descriptor)
            except NotADirectoryError:
                raise UntrustedFileError(f"{part} is a link or a file, not a folder of the repository") from None
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise UntrustedFileError(f"{part} is a link, not a folder of the repository") from None
                raise
            os.close(descriptor)
            descriptor = below
        yield descriptor
    finally:
        os.close(descriptor)


def pictures_of(script: Path) -> list[Path]:
    """The committed pictures of ``script``: ``NN_name.*.svg`` next to ``NN_name.py``, by name.

    One listing of the folder, read as names: a folder of a thousand pictures is read once per
    call, not matched path by path (a page showing each of them asked for it a thousand times).
    """
    prefix = f"{script.stem}."
    try:
        names = os.listdir(script.parent)
    except OSError:
        return []
    found = (n for n in names if n.startswith(prefix) and n.endswith(".svg") and len(n) >= len(prefix) + 4)
    return [script.parent / name for name in sorted(found)]
