"""What the extension does at each stage of a Sphinx build."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from execdocs import config as execdocs_config
from execdocs.check import check_examples
from execdocs.collector import examples_of, published_records, start_runs
from execdocs.core.cache import ResultCache
from execdocs.core.store import ExampleStore
from execdocs.core.warm import WarmParent
from execdocs.state import BuildState, build_state, current_state, keep_state
from execdocs.subtypes import Subtype
from execdocs.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def on_builder_inited(app: Sphinx) -> None:
    """Create the build's state; the gettext builder gets no store, so it runs nothing."""
    settings = execdocs_config.read(app.config)
    # The stylesheet is copied when the build ends rather than added to html_static_path: a setting
    # changed once the builder started would differ, at the next build, from the one conf.py gives.
    app.add_css_file("execdocs.css")
    root = settings.root_path(Path(app.confdir))
    compat, compat_path = None, None
    if settings.compat_report:
        compat_path = root / settings.compat_report
        if compat_path.is_file():
            compat = json.loads(compat_path.read_text(encoding="utf-8"))
        else:
            logger.warning(
                f"execdocs_compat_report names {settings.compat_report}, which does not exist; run `nox -s compat`",
                type="execdocs",
                subtype=str(Subtype.COMPAT),
            )
    if app.builder.name == "gettext" or not settings.execute:
        extracting = app.builder.name == "gettext"
        keep_state(app.env, BuildState(settings, root, None, compat, compat_path, extracting))
        return
    store = ExampleStore(
        root=root,
        cache=ResultCache(root / settings.cache_dir),
        settings=settings.run_settings(),
        extension_version=__version__,
        workers=settings.worker_count(),
    )
    keep_state(app.env, BuildState(settings, root, store, compat, compat_path))


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start the examples of every document about to be read; they run while the documents are read.

    Which examples a document shows is what the collector recorded when it was last read; a
    document read for the first time runs its examples as its directives and roles meet them.
    """
    started = start_runs(env, docnames)
    if started:
        logger.info(f"examples: preparing {started} for {len(docnames)} documents")


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The documents that failed last time (nothing may make a failed build pass by not looking), and
    every page that shows an example when the code that runs examples has changed since."""
    from execdocs.core.cache import running_code_digest

    record = examples_of(env)
    outdated = set(record.failed)
    code = running_code_digest()
    if record.code and record.code != code:
        outdated |= set(record.uses)
    record.code = code
    last = record.fingerprints
    now = _fingerprint(env)
    outdated |= {doc for doc in record.uses if any(now.get(p) != last.get(p) for p in record.scripts(doc))}
    return sorted(outdated - removed)


def _fingerprint(env: BuildEnvironment) -> dict[str, str]:
    """Keep, and return, the fingerprint of every example the documents show: what its pages depend
    on, hashed from content (:meth:`ExampleStore.fingerprints`), so content decides whether a page
    is outdated, not the modification times Sphinx compares."""
    store = build_state(env).store
    record = examples_of(env)
    if store is not None:
        record.fingerprints = store.fingerprints({p for doc in record.uses for p in record.scripts(doc)})
    return record.fingerprints


def _remove_failed_pages(app: Sphinx) -> None:
    """Remove the built pages of documents that failed, so that no earlier good page survives them."""
    for docname in examples_of(app.env).failed:
        with contextlib.suppress(Exception):
            Path(getattr(app.builder, "get_outfilename")(docname)).unlink(missing_ok=True)  # noqa: B009


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Before the environment is saved: wait for the examples the documents asked for, check each
    use, and keep the fingerprints of the examples the pages were read from."""
    check_examples(app, env)
    _fingerprint(env)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Write ``examples.json``, log the summary, and fail the build if an example failed."""
    state = current_state(app.env)
    if state is not None and state.store is not None:
        if exception is not None:
            state.store.stop()  # runs still asked for by a build that stopped early
        state.store.close()
    WarmParent.close_all()  # each holds TensorFlow in memory: none outlives its build
    if exception is not None:
        _remove_failed_pages(app)
    if exception is None and app.builder.format == "html":
        copy_asset_file(Path(__file__).with_name("static") / "execdocs.css", Path(app.outdir) / "_static", force=True)
    store = build_state(app.env).store
    if store is None or exception is not None:
        return
    if app.builder.format == "html":
        records = published_records(app.env)
        target = Path(app.outdir) / "examples.json"
        target.write_text(json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    uncontained = sorted({r.isolation for r in store.results.values() if r.isolation is not None})
    if uncontained:
        logger.info(f"examples: ran uncontained, able to change files outside their folder: {uncontained[0]}")
    logger.info(store.summary())
    # store.errors: what the catalogues' check counts (a catalogue is no document of the record).
    if examples_of(app.env).failed or store.errors:
        app.statuscode = 1


__all__ = ["build_state"]  # read by the catalogues' check
