"""Every regular expression of the site's code runs in time linear in its text.

Examples print what they like, up to the cap (a mebibyte), and the build reads it through
regular expressions: cleaning, the machine-path guard, the quotes of the prose. A pattern that
backtracks (``[\\w.]*x`` searched in a line of a million letters) turns one printed line into
hours of build. So the judge is not a list of strings written here: every pattern the source
passes to :mod:`re` is found by reading the source, and recheck (a ReDoS checker, from npm)
looks for an attack on it. The patterns the site's ``conf.py`` configures are checked too.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import subprocess
from pathlib import Path

import pytest

from execdocs.config import from_conf_file
from tests.util import Verdicts

ROOT = Path(__file__).resolve().parents[1]
#: The code that runs in a build: the extension, the site's own extensions, its configuration.
SOURCES = sorted([*ROOT.glob("execdocs/**/*.py"), *ROOT.glob("docs/_ext/**/*.py"), ROOT / "conf.py"])
CHECKER = ROOT / "tests/browser/node_modules/recheck"
# recheck's fuzzer gives up on an input after 250 ms by default, so a loaded machine judged a
# pattern by how busy it was (CI found a "polynomial" that an idle machine found safe): with no time
# limits it counts steps only, and the same pattern gets the same verdict anywhere.
RECHECK_OPTIONS = "{ timeout: null, incubationTimeout: null }"
_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
_FLAGS = {"I": "i", "IGNORECASE": "i", "M": "m", "MULTILINE": "m", "S": "s", "DOTALL": "s"}
#: What stands for a value that is not a literal (``re.escape(name)``, a joined list of them): text.
_TEXT = "x"


def _strings(node: ast.expr, names: dict[str, list[ast.expr]]) -> list[str]:
    """Every text ``node`` can be: literals as written, a name by what is assigned to it, and any
    other value (an escaped name, a call) as plain text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [_strings(v, names) if isinstance(v, ast.Constant) else [_TEXT] for v in node.values]
        return ["".join(p) for p in itertools.product(*parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _strings(node.left, names) for b in _strings(node.right, names)]
    if isinstance(node, ast.IfExp):
        return [*_strings(node.body, names), *_strings(node.orelse, names)]
    if isinstance(node, ast.Name) and node.id in names:
        return [s for value in names[node.id] for s in _strings(value, {**names, node.id: []})]
    return [_TEXT]


def _flags(call: ast.Call) -> str:
    flags = [k.value for k in call.keywords if k.arg == "flags"]
    flags += [a for a in call.args[1:] if isinstance(a, (ast.Attribute, ast.BinOp))]
    found = {n.attr for f in flags for n in ast.walk(f) if isinstance(n, ast.Attribute) and n.value}
    return "".join(sorted({_FLAGS[f] for f in found if f in _FLAGS}))


def _bound_to(call: ast.Call, tree: ast.Module) -> str:
    """The name a module-level ``NAME = re.compile(...)`` binds, or ""."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.value is call and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id
    return ""


def _patterns() -> list[tuple[str, str, str]]:
    """(where, pattern, flags) for each call of :mod:`re` in the sources."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # How each name is used: NAME.search(...), NAME.fullmatch(...).
        uses: dict[str, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in _FUNCTIONS:
                uses.setdefault(node.value.id, set()).add(node.attr)
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda)))]
        for scope in scopes:
            names: dict[str, list[ast.expr]] = {}
            for node in ast.walk(scope):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    names.setdefault(node.targets[0].id, []).append(node.value)
            if scope is not tree:  # a function also sees its module's names
                for node in tree.body:
                    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                        names.setdefault(node.targets[0].id, []).append(node.value)
            for node in ast.walk(scope):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re"
                    and node.func.attr in _FUNCTIONS
                    and node.args
                ):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                # A name bound to a compiled pattern was checked where it was compiled.
                for pattern in _strings(node.args[0], names):
                    if pattern == _TEXT:
                        continue
                    # match and fullmatch try one place only: as a search anchored there.
                    how = uses.get(_bound_to(node, tree), set()) if node.func.attr == "compile" else {node.func.attr}
                    if how and how <= {"match", "fullmatch"}:
                        pattern = rf"\A(?:{pattern})" + (r"\Z" if how == {"fullmatch"} else "")
                    found.append((where, pattern, _flags(node)))
    configured = from_conf_file(ROOT / "conf.py").drop_lines
    found += [("conf.py execdocs_drop_lines", rf"^(?:{p})(?:\n|\Z)", "m") for p in configured]
    return sorted(set(found))


def _as_javascript(pattern: str, flags: str) -> tuple[str, str]:
    """The same pattern in JavaScript's syntax, which recheck reads."""
    if pattern.startswith("(?") and pattern[2:3] in "imsx" and ")" in pattern:
        inline, pattern = pattern[2 : pattern.index(")")], pattern[pattern.index(")") + 1 :]
        flags += "".join(f for f in inline if f in "ims")
    pattern = pattern.replace("(?P<", "(?<").replace(r"\Z", r"(?![\s\S])").replace(r"\A", r"(?<![\s\S])")
    return pattern, "".join(sorted(set(flags)))


def test_the_patterns_are_found_in_the_source() -> None:
    """The reader of the source finds the patterns it must (the guard is not checking nothing)."""
    where = {w.split(":")[0] for w, _, _ in _patterns()}
    expected = {"execdocs/core/clean.py", "execdocs/check.py", "execdocs/sanitize.py", "conf.py execdocs_drop_lines"}
    assert expected <= where


def test_no_pattern_backtracks_on_any_text(request: pytest.FixtureRequest) -> None:
    if not (CHECKER / "package.json").is_file():
        pytest.fail(f"{CHECKER} is missing: run `npm ci --prefix tests/browser` (nox -s tests does)")
    # A verdict depends only on the pattern, its flags, recheck's release and options: the safe ones
    # are kept (Verdicts) so that a test run asks again only about patterns that changed.
    release = json.loads((CHECKER / "package.json").read_text(encoding="utf-8"))["version"]
    kept = Verdicts(request.config, "recheck", release, RECHECK_OPTIONS)
    every = _patterns()
    patterns = [p for p in every if not kept.unchanged(json.dumps(_as_javascript(*p[1:])))]
    script = (
        f"const OPTIONS = {RECHECK_OPTIONS};\n"
        + """
      const { check } = require(process.argv[1]);
      (async () => {
        const out = [];
        for (const [source, flags] of JSON.parse(require("fs").readFileSync(0, "utf8"))) {
          const r = await check(source, flags, OPTIONS);
          const complexity = r.complexity ? r.complexity.summary : String(r.error && r.error.kind);
          out.push({ status: r.status, complexity, attack: r.attack ? r.attack.pattern : "" });
        }
        console.log(JSON.stringify(out));
      })();
    """
    )
    sources = [_as_javascript(pattern, flags) for _, pattern, flags in patterns]
    verdicts = []
    if patterns:
        done = subprocess.run(
            ["node", "-e", script, str(CHECKER)],
            input=json.dumps(sources),
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "NODE_OPTIONS": ""},
            check=True,
        )
        verdicts = json.loads(done.stdout)
    for source, verdict in zip(sources, verdicts, strict=True):
        if verdict["status"] == "safe":
            kept.passes(json.dumps(source))
    kept.save()
    print(f"{len(every)} patterns, {len(patterns)} asked (the others unchanged since recheck found them safe)")
    unsafe = [
        f"{where}: {pattern!r} is {v['complexity']}; an attack: {v['attack']}"
        for (where, pattern, _), v in zip(patterns, verdicts, strict=True)
        if v["status"] != "safe"
    ]
    assert unsafe == [], "patterns that backtrack; rewrite each so no text makes it slow:\n" + "\n".join(unsafe)
