"""Pictures an example draws: the SVG files it writes into its working folder, shown inline.

An example that draws writes ``NAME.svg`` into its (empty, temporary) working folder; the runner
keeps every such file with the run's result, so pictures are cached with the text output. The
``example`` directive's ``:image: NAME.svg`` option shows one on the page, inline, so that the
picture's ``currentColor`` and the site's CSS classes follow the light or dark theme. Words in
several languages sit side by side, each element marked with SVG's ``systemLanguage``; the page
keeps the reader's. The picture's ``<title>`` in the reader's language is its text alternative.
Each picture is committed next to the script (``NN_name.NAME.svg``) and compared like ``.out``.

This module collects and compares the pictures (the runner and the doctest use it); showing them
on a page is :mod:`execdocs.images`.
"""

from __future__ import annotations

from pathlib import Path

#: A picture larger than this is refused: it would weigh down the page it is inlined in.
MAX_IMAGE_BYTES = 500_000


class ImageError(ValueError):
    """A picture that cannot be shown; the message says what to do."""


def collect_images(work: Path) -> dict[str, str]:
    """The SVG files a run left at the top of its working folder, by file name."""
    images = {}
    for path in sorted(work.glob("*.svg")):
        data = path.read_bytes()
        if len(data) > MAX_IMAGE_BYTES:
            raise ImageError(f"it wrote {path.name} of {len(data):,} bytes, more than {MAX_IMAGE_BYTES:,}; draw less")
        try:
            images[path.name] = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImageError(f"it wrote {path.name}, which is not UTF-8 (byte {error.start})") from None
    return images


def expected_image_path(script: Path, name: str) -> Path:
    """Where the committed copy of picture ``name`` of ``script`` lives: next to the script."""
    return script.with_name(f"{script.stem}.{name}")


def committed_images(script: Path) -> dict[str, str]:
    """The pictures committed for ``script``, by the name the script writes them under."""
    prefix = f"{script.stem}."
    return {
        path.name[len(prefix) :]: path.read_text(encoding="utf-8")
        for path in sorted(script.parent.glob(f"{script.stem}.*.svg"))
    }


def write_expected_images(script: Path, images: dict[str, str]) -> list[Path]:
    """Make the committed pictures of ``script`` equal ``images``; return the files changed."""
    changed = []
    for name, text in images.items():
        path = expected_image_path(script, name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for name in set(committed_images(script)) - set(images):
        path = expected_image_path(script, name)
        path.unlink()
        changed.append(path)
    return changed


def image_differences(script: Path, images: dict[str, str]) -> list[str]:
    """How the pictures of a run differ from the committed ones, one line per picture."""
    committed = committed_images(script)
    problems = []
    for name in sorted(set(committed) | set(images)):
        file = expected_image_path(script, name).name
        if name not in images:
            problems.append(f"{file} is committed, but the script no longer writes {name}")
        elif name not in committed:
            problems.append(f"the script writes {name}, but {file} is not committed")
        elif committed[name] != images[name]:
            problems.append(f"{name} differs from {file}")
    return problems
