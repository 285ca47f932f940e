"""The doctest: every example in examples/ prints exactly its committed output in a fresh
interpreter, and the same there as in a child forked from the warm parent.

`nox -s tests` builds the site twice before the tests: once forking every example from the warm
parent, as the site is built, and once running every example in a fresh interpreter. It names the
builds' saved states (SITE_DOCTREES, SITE_DOCTREES_AGAIN); these tests read from them how each
build ran its examples and where it cached the runs, and compare those run records, each found by
the key of the example as it is now, instead of running every example twice more. Without them
(`pytest tests/test_examples.py`), the tests run every example here, once each way.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from execdocs import __version__
from execdocs import config as execdocs_config
from execdocs.core.cache import Digests, ResultCache, cache_key
from execdocs.core.expected import Comparison, example_scripts, expected_cap, read_expected, stale_in_report
from execdocs.core.runner import RunResult, run_examples
from tests.util import site_settings

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = example_scripts(ROOT / "examples")
BUILDS = ("SITE_DOCTREES", "SITE_DOCTREES_AGAIN")


def build_settings(doctrees: Path) -> execdocs_config.ExecdocsConfig:
    """The execdocs settings a site build ran with, as its saved environment holds them: the same
    for every language it built (each has a folder of its own under ``doctrees``)."""
    found = []
    for path in sorted(doctrees.glob("*/environment.pickle")):
        with path.open("rb") as stream:
            found.append(execdocs_config.read(pickle.load(stream).config))
    assert found, f"no saved build environment under {doctrees}"
    assert all(settings == found[0] for settings in found), f"the languages under {doctrees} ran examples differently"
    return found[0]


def build_runs(fork: bool) -> dict[str, RunResult] | None:
    """The run of every example by the site build that ran its examples forked, or fresh, as
    ``fork`` says, from that build's cache; None when no build is named."""
    named = {variable: Path(os.environ[variable]) for variable in BUILDS if os.environ.get(variable)}
    if not named:
        return None
    builds = {variable: build_settings(doctrees) for variable, doctrees in named.items()}
    chosen = [variable for variable, settings in builds.items() if settings.fork == fork]
    assert chosen, f"none of the site builds {sorted(builds)} ran its examples {'forked' if fork else 'fresh'}"
    settings = builds[chosen[0]]
    cache = ResultCache(settings.root_path(ROOT) / settings.cache_dir)
    run_settings, digests, runs = settings.run_settings(), Digests(), {}
    for script in SCRIPTS:
        # The key the build gave the run (execdocs.core.store): its settings, root and cache.
        key = cache_key(script, run_settings, __version__, settings.root_path(ROOT), (cache.directory,), digests)
        result = cache.load(key)
        if result is None:
            pytest.fail(f"the build of ${chosen[0]} holds no run of {script.name} as it is now: run `nox -s tests`")
        runs[script.name] = result
    return runs


def run_all(fork: bool) -> dict[str, RunResult]:
    """Run every example once, all in parallel, without any cache, forked or each in a fresh interpreter."""
    results = run_examples(SCRIPTS, ROOT, site_settings(timeout=300.0, fork=fork))
    return {script.name: result for script, result in results.items()}


@pytest.fixture(scope="module")
def fresh_runs() -> dict[str, RunResult]:
    """Every example run in a fresh interpreter: by the site build that ran them so, or now."""
    found = build_runs(fork=False)
    return found if found is not None else run_all(fork=False)


@pytest.fixture(scope="module")
def forked_runs() -> dict[str, RunResult]:
    """Every example run in a child of the warm parent: by the site build, or now."""
    found = build_runs(fork=True)
    return found if found is not None else run_all(fork=True)


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=[path.name for path in SCRIPTS])
def test_output_matches_committed(script: Path, fresh_runs: dict[str, RunResult]) -> None:
    expected, unreadable = read_expected(script, ROOT, expected_cap(site_settings()))
    comparison = Comparison(script, fresh_runs[script.name], expected, unreadable)
    assert comparison.matches, (
        "\n" + comparison.report() + "\nIf the change is right: nox -s update_expected, review, commit."
    )


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=[path.name for path in SCRIPTS])
def test_fresh_process_prints_the_same_as_forked_child(
    script: Path, fresh_runs: dict[str, RunResult], forked_runs: dict[str, RunResult]
) -> None:
    forked, fresh = forked_runs[script.name], fresh_runs[script.name]
    assert (fresh.failure, fresh.exception, fresh.cells, fresh.images) == (
        forked.failure,
        forked.exception,
        forked.cells,
        forked.images,
    )


def test_every_expected_file_has_its_script() -> None:
    orphans = [p.name for p in (ROOT / "examples").glob("*.out") if not p.with_suffix(".py").is_file()]
    assert orphans == []


def test_every_committed_picture_has_its_script() -> None:
    pictures = (ROOT / "examples").glob("*.*.svg")
    orphans = [p.name for p in pictures if not (p.parent / f"{p.name.split('.')[0]}.py").is_file()]
    assert orphans == []


def test_compatibility_report_is_current() -> None:
    """The pages say "not checked yet" for an edited example; a release needs the report redone."""
    report = json.loads((ROOT / "docs/compat.json").read_text(encoding="utf-8"))
    stale = stale_in_report(report, SCRIPTS, ROOT)
    assert stale == [], f"docs/compat.json does not describe {stale} as they are now: run `nox -s compat`"
