"""The weekly drift watch's issue: what the newest releases change in what the site shows.

``nox -s latest`` runs every example on the newest TensorFlow, Keras and NumPy and writes
``_build/latest/drift.json``. This reads it and says whether the maintainers need to hear of it
(an example prints something else, or the site does not build, or its tests fail there); if so it
writes the body of the one issue the watch keeps open::

    python docs/_ext/drift_issue.py _build/latest/drift.json --body _build/latest/issue.md

It prints ``changed=true`` or ``changed=false``, and the issue's ``title=`` and ``label=``, one a
line, for the workflow's outputs (``.github/workflows/watch.yml``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

#: The issue the watch opens, and finds again by its label to update it.
TITLE = "The newest TensorFlow, Keras or NumPy changes what the site shows"
LABEL = "drift-watch"
#: A body must stay under GitHub's limit (65,536 characters); each diff is cut well before.
DIFF_LIMIT = 6_000
BODY_LIMIT = 60_000


class DriftError(SystemExit):
    """drift.json is not what ``nox -s latest`` writes: the message names the file and the field."""


def _require(path: Path, ok: bool, what: str) -> None:
    if not ok:
        raise DriftError(f"{path}: {what}; is it the drift.json that `nox -s latest` writes?")


def read_drift(path: Path) -> dict:
    """The report at ``path``, once the fields this reads are checked."""
    try:
        drift = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DriftError(f"{path}: not found; `nox -s latest` writes it when it could run") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DriftError(f"{path}: not JSON ({error})") from None
    _require(path, isinstance(drift, dict), "not a JSON object")
    _require(path, isinstance(drift.get("checked"), str), "`checked` is not a date")
    versions = drift.get("versions")
    _require(path, isinstance(versions, dict) and all(isinstance(v, str) for v in versions.values()), "bad `versions`")
    for key in ("build_ok", "tests_ok"):
        _require(path, isinstance(drift.get(key), bool), f"`{key}` is not true or false")
    differs = drift.get("differs")
    _require(path, isinstance(differs, list), "`differs` is not a list")
    for index, item in enumerate(differs):
        where = f"differs[{index}]"
        _require(path, isinstance(item, dict), f"{where} is not an object")
        _require(path, isinstance(item.get("example"), str), f"{where}.example is not a path")
        _require(path, isinstance(item.get("diff"), str), f"{where}.diff is not text")
        pages = item.get("pages", [])
        _require(path, isinstance(pages, list) and all(isinstance(p, str) for p in pages), f"{where}.pages is bad")
    _require(path, isinstance(drift.get("patches_unneeded", []), list), "`patches_unneeded` is not a list")
    return drift


def needs_issue(drift: dict) -> bool:
    """Whether the maintainers must hear of this check: something the site shows would change."""
    return bool(drift["differs"]) or not drift["build_ok"] or not drift["tests_ok"]


def _fenced(text: str, language: str) -> str:
    """``text`` in a code block whose fence no line of it can close."""
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"


def _cut(diff: str, limit: int) -> str:
    if len(diff) <= limit:
        return diff
    kept = diff[:limit].rsplit("\n", 1)[0]
    return kept + f"\n... ({len(diff) - len(kept)} more characters in the run's drift.json)\n"


def _pages(pages: list[str]) -> str:
    if not pages:
        return "no page quotes it"
    return "quoted on " + ", ".join(f"`docs/{page}.md`" for page in pages)


def issue_body(drift: dict, run_url: str | None = None) -> str:
    """The issue's text: what was checked, which examples print otherwise and where the site quotes them."""
    versions = ", ".join(f"{name} {version}" for name, version in sorted(drift["versions"].items()))
    python = drift.get("python")
    lines = [
        f"On {drift['checked']} the drift watch ran the site on the newest releases: {versions}"
        + (f", on Python {python}." if python else "."),
        "",
    ]
    if not drift["build_ok"]:
        lines.append("- **The site does not build** on these releases.")
    if not drift["tests_ok"]:
        lines.append("- **The tests fail** on these releases.")
    differs = drift["differs"]
    if differs:
        if len(differs) == 1:
            lines.append("- One example prints something else than its committed output:")
        else:
            lines.append(f"- {len(differs)} examples print something else than their committed outputs:")
        for item in differs:
            lines.append(f"  - `{item['example']}`, {_pages(item.get('pages', []))}")
    if run_url:
        lines += ["", f"The run, with `drift.json` and `drift.md` as an artifact: {run_url}"]
    lines += [
        "",
        "What to do: read each diff below. A change of TensorFlow's behaviour is news for the pages that "
        "quote the example (say on which release it changed); a change of printing only (a repr, a "
        "warning) may need the example to print more robustly. Moving the pins is a release of its own "
        "(`nox -s lock`, `nox -s update_expected`, `nox -s compat`). The watch updates this issue each "
        "week while something differs; close it when the site is up to date.",
    ]
    body = "\n".join(lines) + "\n"
    for item in differs:
        section = f"\n### `{item['example']}`\n\n{_fenced(_cut(item['diff'], DIFF_LIMIT), 'diff')}\n"
        if len(body) + len(section) > BODY_LIMIT:
            body += "\nThe other diffs do not fit in an issue: they are in the run's drift.json.\n"
            break
        body += section
    unneeded = drift.get("patches_unneeded") or []
    if unneeded:
        body += "\n### No longer needed on these releases\n\n"
        body += "".join(
            f"- `{item if isinstance(item, str) else json.dumps(item, sort_keys=True)}`\n" for item in unneeded
        )
    return body


def main(argv: list[str] | None = None) -> int:
    """The command line: read drift.json, write the issue's body when one is needed, print the outputs."""
    parser = argparse.ArgumentParser(prog="drift_issue.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("drift", type=Path, help="the drift.json of `nox -s latest`")
    parser.add_argument("--body", required=True, type=Path, help="where to write the issue's body")
    parser.add_argument("--run-url", help="the address of the run that made drift.json")
    args = parser.parse_args(argv)
    drift = read_drift(args.drift)
    changed = needs_issue(drift)
    if changed:
        args.body.parent.mkdir(parents=True, exist_ok=True)
        args.body.write_text(issue_body(drift, args.run_url), encoding="utf-8")
    print(f"changed={'true' if changed else 'false'}")
    print(f"title={TITLE}")
    print(f"label={LABEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
