"""Sessions for building, serving, checking and translating the site: `nox -l` lists them."""

from __future__ import annotations

import os
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
# Sphinx language code -> folder of that language under _build/html/.
LANGUAGES = {"en": "en", "zh_CN": "zh-cn"}


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


def source_date_epoch() -> str:
    """The time of the last commit: what dates in the built pages are set to (reproducible builds)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, cwd=ROOT)
        return out.stdout.strip() or "0"
    except OSError:
        return "0"


def build_site(session: nox.Session, out: Path, *flags: str, doctrees: Path, env: dict[str, str] | None = None) -> None:
    """Build both languages into out/en/ and out/zh-cn/, plus the page that picks one."""
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
    shutil.copyfile(ROOT / "docs/_root/index.html", out / "index.html")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site in English and Chinese into _build/html/."""
    install(session, "docs")
    build_site(session, BUILD / "html", *session.posargs, doctrees=BUILD / "doctrees")
    session.log(f"site: {BUILD / 'html/index.html'}")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: the extension, the examples' outputs, the translation, the site in a browser; then lint."""
    session.notify("lint")  # CI runs this session alone: style and types are checked with it
    install(session, "test")
    ensure_chromium(session)
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", "tests/browser", external=True)
    # Two builds from scratch, each with its own cache, for the reproducibility test; the first
    # is also the site that the browser tests read.
    sites = {}
    for name in ("site", "site-again"):
        out, work = BUILD / "test" / name, BUILD / "test" / f"{name}-work"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        cache = f"execdocs_cache_dir={work.relative_to(ROOT) / 'cache'}"
        env = {"SOURCE_DATE_EPOCH": source_date_epoch()}
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


# TensorFlow releases the examples are also run on (`nox -s compat`), with what each needs:
# tf-keras at TensorFlow's minor version, and a numpy that release supports.
COMPAT_RUNS = {
    "2.15.1": {"tf-keras": "2.15.1", "numpy": "1.26.4"},
    "2.18.1": {"tf-keras": "2.18.0", "numpy": "2.0.2"},
    "2.21.0": {"tf-keras": "2.21.0", "numpy": "2.4.6"},
}


@nox.session(python=PYTHON, default=False)
@nox.parametrize("tensorflow", list(COMPAT_RUNS))
def compat_run(session: nox.Session, tensorflow: str) -> None:
    """Run every example on one TensorFlow release and record what it prints."""
    pins = COMPAT_RUNS[tensorflow]
    session.install(f"tensorflow-cpu=={tensorflow}", f"numpy=={pins['numpy']}")
    session.install("--no-deps", f"tf-keras=={pins['tf-keras']}")
    session.install("--no-deps", "-e", ".")
    out = f"_build/compat/{tensorflow}.json"
    session.run("python", "-m", "execdocs", "compat-run", "--label", tensorflow, "--out", out, "examples")


@nox.session(python=PYTHON, default=False, requires=[f"compat_run(tensorflow='{v}')" for v in COMPAT_RUNS])
def compat(session: nox.Session) -> None:
    """Run every example on several TensorFlow releases; write the report the site shows (docs/compat.json)."""
    session.install("--no-deps", "-e", ".")
    runs = [f"_build/compat/{version}.json" for version in COMPAT_RUNS]
    session.run("python", "-m", "execdocs", "compat-report", "--out", "docs/compat.json", *runs)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark the site build: cold, no-op and one-edit rebuilds, forked vs fresh runs, memory."""
    install(session, "docs")
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
