"""The site on the newest releases of what it is pinned to (`nox -s latest`): what drifts.

The session installs the newest TensorFlow, NumPy, Sphinx and themes, builds the site and runs the
tests; this module holds what it decides and reports:

- ``python docs/_ext/latest.py compare --out FILE`` (in the session's environment) runs every
  example afresh and writes those that print something other than their committed ``.out``;
- the noxfile then writes ``_build/latest/drift.json`` and ``drift.md`` with :func:`write_report`.

Only the standard library at import: the noxfile imports it under the Python that runs nox.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What `nox -s latest` takes at its newest release rather than at its pin.
NEWEST = ("tensorflow-cpu", "tf-keras", "numpy", "sphinx", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")


def _name(requirement: str) -> str:
    """The normalised project name of a requirement ("Sphinx_Book.Theme==1" -> "sphinx-book-theme")."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match[1]).lower() if match else ""


def unpinned(requirements: Iterable[str], names: Iterable[str] = NEWEST) -> list[str]:
    """The requirements with those of ``names`` reduced to their bare name (newest release), others kept."""
    wanted = {_name(name) for name in names}
    return [_name(req) if _name(req) in wanted else req for req in requirements]


def versions_of(freeze: str, names: Iterable[str] = NEWEST) -> dict[str, str]:
    """The installed version of each of ``names``, from ``pip freeze`` output (missing ones omitted)."""
    installed = {}
    for line in freeze.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            installed[_name(name)] = version.strip()
    return {name: installed[_name(name)] for name in names if _name(name) in installed}


def pages_using(example: str, docs: Path) -> list[str]:
    """The pages (document names, "tf2") that show or quote ``example`` ("examples/33_x.py")."""
    pattern = re.compile(rf"(?<![\w/.-]){re.escape(example)}(?![\w/.-])")
    found = []
    for page in sorted(docs.rglob("*.md")):
        if pattern.search(page.read_text(encoding="utf-8")):
            found.append(page.relative_to(docs).with_suffix("").as_posix())
    return found


def compare(root: Path, out: Path) -> int:
    """Run every example (and the 2017 listings) afresh; write [{example, diff}] for those that differ
    from their ``.out``."""
    from execdocs.config import for_root
    from execdocs.core.expected import compare_examples, example_scripts

    settings = for_root(root).run_settings(timeout=300.0)
    scripts = [*example_scripts(root / "examples"), *example_scripts(root / "examples/original")]
    differs = [
        {"example": c.script.relative_to(root).as_posix(), "diff": c.report()}
        for c in compare_examples(scripts, root, settings)
        if not c.matches
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(differs, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(scripts)} examples run, {len(differs)} differ from their committed output")
    return 0


def report(
    *,
    python: str,
    versions: dict[str, str],
    differs: list[dict],
    patches_unneeded: list[str],
    build_ok: bool,
    tests_ok: bool,
    docs: Path,
    checked: datetime | None = None,
) -> dict:
    """The drift report, as drift.json holds it; each differing example with the pages that use it."""
    return {
        "checked": (checked or datetime.now(UTC)).date().isoformat(),
        "python": python,
        "versions": versions,
        "differs": [{**entry, "pages": pages_using(entry["example"], docs)} for entry in differs],
        "patches_unneeded": patches_unneeded,
        "build_ok": build_ok,
        "tests_ok": tests_ok,
    }


def markdown(data: dict, published: dict[str, str] | None = None) -> str:
    """The drift report as Markdown, for the body of an issue; ``published``, the newest release of
    each package on the index, names those that could not be installed with the others."""
    held = {
        name: latest for name, latest in (published or {}).items() if data["versions"].get(name) not in (None, latest)
    }
    lines = [
        f"Checked on {data['checked']} (UTC) with Python {data['python']} and the newest releases:",
        "",
        "| package | version |",
        "|---|---|",
        *(
            f"| {name} | {version}"
            + (f" (not {held[name]}, which does not install with the others)" if name in held else "")
            + " |"
            for name, version in data["versions"].items()
        ),
        "",
        f"- site build: {'passes' if data['build_ok'] else '**fails**'}",
        f"- tests: {'pass' if data['tests_ok'] else '**fail**'}",
        "",
    ]
    if data["differs"]:
        lines.append(f"## {len(data['differs'])} examples print something else")
        for entry in data["differs"]:
            pages = ", ".join(f"`{page}`" for page in entry["pages"]) or "no page"
            fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", entry["diff"]))])
            lines += ["", f"### `{entry['example']}` (shown on {pages})", "", f"{fence}diff", entry["diff"].rstrip()]
            lines.append(fence)
    else:
        lines.append("Every example prints its committed output.")
    lines.append("")
    if data["patches_unneeded"]:
        lines.append("The site's own patches that these releases make unnecessary:")
        lines += [f"- `{patch}`" for patch in data["patches_unneeded"]]
    else:
        lines.append("The site's own patches are all still needed.")
    return "\n".join(lines) + "\n"


def write_report(data: dict, folder: Path, published: dict[str, str] | None = None) -> None:
    """Write drift.json and drift.md into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drift.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "drift.md").write_text(markdown(data, published), encoding="utf-8")


def published_versions(names: Iterable[str] = NEWEST, index: str = "https://pypi.org/pypi") -> dict[str, str]:
    """The newest release of each package on the index (its JSON API); those it cannot tell are left out."""
    import urllib.request

    found = {}
    for name in names:
        try:
            with urllib.request.urlopen(f"{index}/{name}/json", timeout=60) as response:
                found[name] = json.load(response)["info"]["version"]
        except (OSError, ValueError, KeyError):
            continue
    return found


def without_script(site: Path, copy: Path, script: str) -> Path:
    """A copy of the built ``site`` whose pages no longer load ``script`` ("search-zh.js"), and
    without the file: the site as it would be without that patch, for the tests to read."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    # The theme writes each script element on a line of its own.
    loads = (f'_static/{script}"', f"_static/{script}?")

    def kept(line: str) -> bool:
        element = line.strip()
        script_element = element.startswith("<script") and element.endswith("</script>")
        return not (script_element and any(s in element for s in loads))

    for page in copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stripped = "".join(line for line in text.splitlines(keepends=True) if kept(line))
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    for file in copy.rglob(f"_static/{script}"):
        file.unlink()
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python docs/_ext/latest.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("compare", help="run the examples; write those that differ from their .out")
    run.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    return compare(ROOT, args.out)


if __name__ == "__main__":
    sys.exit(main())
