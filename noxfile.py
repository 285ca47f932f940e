"""Sessions for building, serving, checking and translating the site: `nox -l` lists them."""

from __future__ import annotations

import shutil
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


def sphinx_build(session: nox.Session, language: str, *flags: str) -> None:
    """Build one language of the site into _build/html/<folder>/."""
    folder = LANGUAGES[language]
    session.run(
        "sphinx-build",
        "-b", "html",
        "-c", ".",  # one conf.py, at the root, for both languages
        "-d", f"_build/doctrees/{folder}",  # separate environments: each language is its own build
        "-D", f"language={language}",
        "--fail-on-warning",  # a warning (a failed example, a wrong quote) fails the build
        "--keep-going",  # ...but report every warning first
        *flags,
        "docs",
        f"_build/html/{folder}",
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site in English and Chinese into _build/html/."""
    install(session, "docs")
    for language in LANGUAGES:
        sphinx_build(session, language, *session.posargs)
    shutil.copyfile(ROOT / "docs/_root/index.html", BUILD / "html/index.html")
    session.log(f"site: {BUILD / 'html/index.html'}")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: the extension, the examples' expected outputs, the translation."""
    install(session, "test")
    session.run("pytest", *session.posargs)


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
        "-c", ".",
        "-d", f"_build/doctrees/serve-{folder}",
        "-D", f"language={language}",
        "--watch", "examples",  # a script's edit reruns it and rebuilds its pages
        "--watch", "locales",
        "--watch", "execdocs",
        "docs",
        f"_build/serve/{folder}",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON, default=False)
def linkcheck(session: nox.Session) -> None:
    """Check that the links in the English sources resolve."""
    install(session, "docs")
    session.run("sphinx-build", "-b", "linkcheck", "-c", ".", "-d", "_build/doctrees/linkcheck",
                "docs", "_build/linkcheck")


@nox.session(python=PYTHON, default=False)
def translations(session: nox.Session) -> None:
    """Extract the English messages and update the Chinese catalogues in locales/."""
    install(session, "docs", "translate")
    session.run("sphinx-build", "-b", "gettext", "-c", ".", "-d", "_build/doctrees/gettext",
                "docs", "_build/gettext")
    session.run("sphinx-intl", "update", "-p", "_build/gettext", "-d", "locales", "-l", "zh_CN")


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
