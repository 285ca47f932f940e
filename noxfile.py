"""Sessions for building, serving, checking and translating the site: `nox -l` lists them."""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"  # TensorFlow is large: install it once per session's venv
nox.options.sessions = ["lint", "tests"]

PYTHON = "3.11"
ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
PYPROJECT = nox.project.load_toml("pyproject.toml")
# tf-keras depends on `tensorflow`, which would pull a second copy of TensorFlow next to
# tensorflow-cpu; it is installed without dependencies, at TensorFlow's own version.
TF_KERAS = "tf-keras==2.21.0"
# Sphinx language code -> folder of that language under _build/html/, as declared in conf.py.
LANGUAGES = {code: folder for code, (folder, *_) in runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"].items()}


def install(session: nox.Session, *groups: str) -> None:
    """Install the pinned dependency groups and this project's extension."""
    session.install("-c", "constraints.txt", *nox.project.dependency_groups(PYPROJECT, *groups))
    session.install("--no-deps", TF_KERAS)
    session.install("--no-deps", "-e", ".")


def ensure_chromium(session: nox.Session) -> None:
    """The browser tests drive Debian's Chromium; install it when missing and allowed (root)."""
    if shutil.which(os.environ.get("CHROMIUM", "chromium")):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        session.error("the browser tests need Chromium: install Debian's `chromium` package, or set CHROMIUM")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    packages = ["chromium", "fonts-noto-cjk"]  # the CJK fonts render the Chinese pages
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


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: the extension, the examples' outputs, the translation, the site in a browser; then lint."""
    session.notify("lint")  # CI runs this session alone: style and types are checked with it
    install(session, "test")
    ensure_chromium(session)
    ensure_gettext(session)
    ensure_java(session)
    # axe-core for the browser tests, the Nu HTML Checker for every page.
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", "tests/browser", external=True)
    # Two builds from scratch, each with its own cache, for the reproducibility test; the first
    # is also the site that the browser tests read.
    sites = {}
    for name in ("site", "site-again"):
        out, work = BUILD / "test" / name, BUILD / "test" / f"{name}-work"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        cache = f"execdocs_cache_dir={work.relative_to(ROOT) / 'cache'}"
        # A site address, so that the sitemap and absolute link-preview addresses are built and tested.
        # A repository address too, for the footer's links to each page's source and to a new issue.
        env = {
            "SOURCE_DATE_EPOCH": source_date_epoch(),
            "SITE_URL": "https://site.test/variable-sharing/",
            "REPOSITORY_URL": "https://git.test/authors/variable-sharing",
        }
        build_site(session, out, "-q", "-D", cache, doctrees=work / "doctrees", env=env)
        sites[name] = str(out)
    session.run("pytest", *session.posargs, env={"SITE_DIR": sites["site"], "SITE_DIR_AGAIN": sites["site-again"]})


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
    """Check style and formatting with ruff, and types with mypy."""
    session.install("-c", "constraints.txt", *nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


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
# key is a run's label, as the report and the pages show it. Releases of 2.x run in a session venv
# like the build (tf-keras at TensorFlow's minor version, a numpy that release supports). Releases
# of 1.x need the Python of their time and pins without which they do not import; 1.2.1 and 1.4.0
# are installed without their dependencies, which would pull versions they cannot import with.
COMPAT_RUNS: dict[str, dict] = {
    "1.2.1": {
        "python": "3.6",
        "install": [
            ["numpy==1.13.3", "protobuf==3.4.0", "six==1.16.0", "backports.weakref==1.0.post1"],
            ["--no-deps", "tensorflow==1.2.1"],
        ],
    },
    "1.4.0": {
        "python": "3.6",
        "install": [["numpy==1.13.3", "protobuf==3.4.0", "six==1.16.0"], ["--no-deps", "tensorflow==1.4.0"]],
    },
    # The same TensorFlow with the first numpy that prints `[1.]`, as the article does.
    "1.4.0 + numpy 1.14": {
        "python": "3.6",
        "install": [["numpy==1.14.6", "protobuf==3.4.0", "six==1.16.0"], ["--no-deps", "tensorflow==1.4.0"]],
    },
    "1.15.0": {
        "python": "3.7",
        # drawsvg draws the pictures of the examples that make one (pure Python; it runs on 3.7).
        "install": [["tensorflow-cpu==1.15.0", "protobuf==3.20.3", "numpy==1.16.6", "drawsvg==2.4.2"]],
    },
    "2.15.1": {
        "python": PYTHON,
        "install": [["tensorflow-cpu==2.15.1", "numpy==1.26.4"], ["--no-deps", "tf-keras==2.15.1"]],
    },
    "2.18.1": {
        "python": PYTHON,
        "install": [["tensorflow-cpu==2.18.1", "numpy==2.0.2"], ["--no-deps", "tf-keras==2.18.0"]],
    },
    "2.21.0": {
        "python": PYTHON,
        "install": [["tensorflow-cpu==2.21.0", "numpy==2.4.6"], ["--no-deps", "tf-keras==2.21.0"]],
    },
}
COMPAT_EXAMPLES = ["examples", "examples/original"]


def compat_file(release: str) -> str:
    """Where the run of one release is written, for `compat` to merge."""
    return f"_build/compat/{release.replace(' ', '').replace('+', '-')}.json"


def find_python(version: str) -> str | None:
    """An interpreter for `version` (e.g. "3.6"): $COMPAT_PYTHON3_6, pyenv's, or pythonX.Y on PATH."""
    named = os.environ.get(f"COMPAT_PYTHON{version.replace('.', '_')}")
    if named:
        return named if shutil.which(named) else None
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    installed = sorted(
        pyenv.glob(f"{version}.*/bin/python{version}"),
        key=lambda p: [int(n) for n in p.parts[-3].split(".") if n.isdigit()],
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(f"python{version}")
    if found and subprocess.run([found, "-c", ""], capture_output=True).returncode == 0:  # not a dead pyenv shim
        return found
    return None


def legacy_venv(session: nox.Session, release: str, spec: dict) -> str:
    """A venv on an old Python with one TensorFlow 1.x release; made once, reused while its pins hold."""
    version = spec["python"]
    python = find_python(version)
    if python is None:
        session.error(
            f"TensorFlow {release} needs Python {version}, which was not found. Install it (e.g. "
            f"`pyenv install {version}`), put python{version} on PATH, or set COMPAT_PYTHON{version.replace('.', '_')} "
            "to its path; then run `nox -s compat` again"
        )
    venv = ROOT / ".nox" / f"compat-tf-{compat_file(release).rsplit('/', 1)[1][:-5]}"
    stamp = venv / "compat-pins.json"
    wanted = json.dumps({"python": python, "install": spec["install"]})
    if stamp.is_file() and stamp.read_text() == wanted:
        session.log(f"reusing {venv.relative_to(ROOT)}")
        return str(venv / "bin" / "python")
    shutil.rmtree(venv, ignore_errors=True)
    session.run(python, "-m", "venv", str(venv), external=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    if version == "3.6":  # its bundled pip (18.1) predates today's index; 21.3.1 is the last for 3.6
        session.run(*pip, "pip==21.3.1", external=True)
    for args in spec["install"]:
        session.run(*pip, *args, external=True)
    stamp.write_text(wanted)
    return str(venv / "bin" / "python")


@nox.session(python=PYTHON, default=False)
@nox.parametrize("tensorflow", list(COMPAT_RUNS))
def compat_run(session: nox.Session, tensorflow: str) -> None:
    """Run every example written for one TensorFlow release on it, and record what it prints."""
    spec = COMPAT_RUNS[tensorflow]
    old = []
    if spec["python"] == PYTHON:
        for args in spec["install"]:
            session.install(*args)
        # The examples that draw pictures need drawsvg, at the build's own pin.
        tensorflow_group = PYPROJECT["dependency-groups"]["tensorflow"]
        session.install(next(pin for pin in tensorflow_group if pin.startswith("drawsvg==")))
    else:
        old = ["--python", legacy_venv(session, tensorflow, spec)]
    session.install("--no-deps", "-e", ".")
    out = compat_file(tensorflow)
    session.run(
        "python", "docs/_ext/compat_report.py", "run", "--label", tensorflow, "--out", out, *old, *COMPAT_EXAMPLES
    )


@nox.session(python=PYTHON, default=False, requires=[f"compat_run(tensorflow='{v}')" for v in COMPAT_RUNS])
def compat(session: nox.Session) -> None:
    """Run the examples on TensorFlow 1.2 to today; write the report the site shows (docs/compat.json)."""
    session.install("--no-deps", "-e", ".")
    runs = [compat_file(release) for release in COMPAT_RUNS]
    folders = [arg for folder in COMPAT_EXAMPLES for arg in ("--examples", folder)]
    session.run("python", "docs/_ext/compat_report.py", "report", "--out", "docs/compat.json", *folders, *runs)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark the site build (cold, no-op and one-edit rebuilds, forked vs fresh runs, memory) and
    the pages (bytes and first paint of a first visit on slow 4G, in Chromium; Lighthouse's scores
    of every page, on a phone and a desktop)."""
    install(session, "test")  # the pages are weighed in Chromium, through Playwright
    ensure_chromium(session)
    ensure_gettext(session)
    # Lighthouse, pinned by tests/lighthouse/package-lock.json; it drives the same Chromium.
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", "tests/lighthouse", external=True)
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
