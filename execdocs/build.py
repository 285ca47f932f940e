"""What the extension does at each stage of a Sphinx build."""

from __future__ import annotations

import contextlib
import copy
import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from execdocs import config as execdocs_config
from execdocs.config import ExecdocsConfig
from execdocs.core.cache import ResultCache
from execdocs.core.store import ExampleRefError, ExampleStore, resolve_example
from execdocs.core.warm import WarmParent

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildState:
    """What directives and roles need from the build: settings, the root, the store."""

    config: ExecdocsConfig
    root: Path
    #: None when this build runs nothing (the gettext builder, or ``execdocs_execute = False``).
    store: ExampleStore | None
    #: The compatibility report (``execdocs_compat_report``), or None.
    compat: dict | None = None
    compat_path: Path | None = None


# Keyed by the build environment, which directives and roles can reach; never pickled with it.
_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build that ``env`` belongs to."""
    return _STATES[env]


def on_builder_inited(app: Sphinx) -> None:
    """Create the build's state; the gettext builder gets no store, so it runs nothing."""
    from execdocs import __version__

    settings = execdocs_config.read(app.config)
    if not hasattr(app.env, "execdocs_records"):
        app.env.execdocs_records = {}  # type: ignore[attr-defined]
    if not hasattr(app.env, "execdocs_failed_docs"):
        app.env.execdocs_failed_docs = set()  # type: ignore[attr-defined]
    if not hasattr(app.env, "execdocs_examples"):
        app.env.execdocs_examples = {}  # type: ignore[attr-defined]
    # The stylesheet is copied when the build ends rather than added to html_static_path: a config
    # value changed here would differ from the pickled one at the next build, which then
    # counts as a configuration change and rewrites every page.
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
                subtype="compat",
            )
    if app.builder.name == "gettext" or not settings.execute:
        _STATES[app.env] = BuildState(settings, root, None, compat, compat_path)
        return
    store = ExampleStore(
        root=root,
        cache=ResultCache(root / settings.cache_dir),
        settings=settings.run_settings(),
        extension_version=__version__,
        workers=settings.worker_count(),
    )
    _STATES[app.env] = BuildState(settings, root, store, compat, compat_path)


def note_example(env: BuildEnvironment, script: Path) -> None:
    """Remember that the document being read shows or quotes ``script`` (the directive and the role call it)."""
    examples: dict[str, set[str]] = env.execdocs_examples  # type: ignore[attr-defined]
    examples.setdefault(env.docname, set()).add(script.relative_to(build_state(env).root).as_posix())


#: What a directive or a role left to do once its example has run: (document, the step).
_DEFERRED: weakref.WeakKeyDictionary[BuildEnvironment, list[tuple[str, Callable[[nodes.document], None]]]] = (
    weakref.WeakKeyDictionary()
)


def defer(env: BuildEnvironment, step: Callable[[nodes.document], None]) -> None:
    """Have ``step`` called with the doctree of the document being read, once every document is read
    and every example they asked for (:meth:`ExampleStore.submit`) has run."""
    _DEFERRED.setdefault(env, []).append((env.docname, step))


def finish_examples(app: Sphinx, env: BuildEnvironment) -> None:
    """Every document is read: wait for the examples they show, check and show what each printed.

    The examples ran in parallel while the documents were read; each directive and role now does
    what needed the output, on the doctree of its document, which is then saved again.
    """
    steps = _DEFERRED.pop(env, [])
    store = build_state(env).store
    if store is None or not steps:
        return
    store.wait()
    by_document: dict[str, list[Callable[[nodes.document], None]]] = {}
    for docname, step in steps:
        by_document.setdefault(docname, []).append(step)
    for docname, doc_steps in by_document.items():
        cached = env._write_doc_doctree_cache  # the doctree as it was read, kept for writing
        doctree = cached[docname] if docname in cached else env.get_doctree(docname)
        before = store.errors
        _ERRORS_BEFORE[env] = (docname, before)  # should an error stop the build, its page goes
        for step in doc_steps:
            step(doctree)
        del _ERRORS_BEFORE[env]
        if store.errors > before:
            env.execdocs_failed_docs.add(docname)  # type: ignore[attr-defined]
        app.builder.write_doctree(docname, doctree)
        env._pickled_doctree_cache.pop(docname, None)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start the examples of every document about to be read; they run while the documents are read.

    Which examples a document shows is what its directives and roles noted when it was last read
    (:func:`note_example`); a document read for the first time runs its examples as it meets them.
    """
    store = build_state(env).store
    if store is None:
        return
    examples: dict[str, set[str]] = env.execdocs_examples  # type: ignore[attr-defined]
    scripts: list[Path] = []
    for docname in docnames:
        for name in sorted(examples.get(docname, ())):
            try:
                scripts.append(resolve_example(name, store.root))
            except ExampleRefError:
                continue  # gone since: reported, with its location, if the document still names it
    if scripts:
        logger.info(f"examples: preparing {len(set(scripts))} for {len(docnames)} documents")
    for script in scripts:
        store.submit(script)


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget what a document showed, before it is read again."""
    env.execdocs_records.pop(docname, None)  # type: ignore[attr-defined]
    env.execdocs_failed_docs.discard(docname)  # type: ignore[attr-defined]
    env.execdocs_examples.pop(docname, None)  # type: ignore[attr-defined]


# Errors counted when each document started to be read (documents are read one at a time).
_ERRORS_BEFORE: weakref.WeakKeyDictionary[BuildEnvironment, tuple[str, int]] = weakref.WeakKeyDictionary()


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note the error count, to tell afterwards whether this document reported one."""
    store = build_state(app.env).store
    _ERRORS_BEFORE[app.env] = (docname, store.errors if store is not None else 0)


def on_doctree_read(app: Sphinx, doctree: Any) -> None:
    """A document that reported an error is read again by the next build, so that it fails again."""
    store = build_state(app.env).store
    docname, before = _ERRORS_BEFORE.pop(app.env, (app.env.docname, 0))
    if store is not None and store.errors > before:
        app.env.execdocs_failed_docs.add(docname)  # type: ignore[attr-defined]


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The documents that failed last time (nothing may make a failed build pass by not looking), and
    every page that shows an example when the code that runs examples has changed since."""
    from execdocs.core.cache import running_code_digest

    outdated = set(env.execdocs_failed_docs)  # type: ignore[attr-defined]
    code = running_code_digest()
    if getattr(env, "execdocs_code", code) != code:
        outdated |= set(env.execdocs_records)  # type: ignore[attr-defined]
    env.execdocs_code = code  # type: ignore[attr-defined]
    outdated |= _changed_examples(env, getattr(env, "execdocs_fingerprints", {}))
    return sorted(outdated - removed)


def _changed_examples(env: BuildEnvironment, last: dict[str, str]) -> set[str]:
    """The documents showing an example whose content changed since ``last`` (content decides, not
    the modification times Sphinx compares); the fingerprints as they are now are kept for the next build."""
    store = build_state(env).store
    if store is None:
        return set()
    examples: dict[str, set[str]] = env.execdocs_examples  # type: ignore[attr-defined]
    now = store.fingerprints({relpath for relpaths in examples.values() for relpath in relpaths})
    env.execdocs_fingerprints = now  # type: ignore[attr-defined]
    return {doc for doc, relpaths in examples.items() if any(now.get(p) != last.get(p) for p in relpaths)}


def _remove_failed_pages(app: Sphinx) -> None:
    """Remove the built pages of documents that failed, so that no earlier good page survives them."""
    failed = set(getattr(app.env, "execdocs_failed_docs", set()))
    if app.env in _ERRORS_BEFORE:  # the build stopped while reading this document, or showing its examples
        failed.add(_ERRORS_BEFORE[app.env][0])
    for docname in failed:
        with contextlib.suppress(Exception):
            Path(getattr(app.builder, "get_outfilename")(docname)).unlink(missing_ok=True)  # noqa: B009


def on_env_merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Take over what parallel readers recorded."""
    for docname in docnames:
        if docname in other.execdocs_records:  # type: ignore[attr-defined]
            env.execdocs_records[docname] = other.execdocs_records[docname]  # type: ignore[attr-defined]
        if docname in other.execdocs_examples:  # type: ignore[attr-defined]
            env.execdocs_examples[docname] = other.execdocs_examples[docname]  # type: ignore[attr-defined]


def published_records(env: BuildEnvironment) -> list[dict[str, Any]]:
    """One record per example shown anywhere on the site, sorted by path."""
    by_path: dict[str, dict[str, Any]] = {}
    for records in env.execdocs_records.values():  # type: ignore[attr-defined]
        for path, record in records.items():
            by_path[path] = record
    return [by_path[path] for path in sorted(by_path)]


# The configuration as conf.py and the config-inited handlers made it, before the builder and the
# builder-inited handlers changed it for this build (themes add folders, icons, scripts, options).
_CONF_VALUES: weakref.WeakKeyDictionary[Config, dict[str, Any]] = weakref.WeakKeyDictionary()


def remember_configuration(app: Sphinx, config: Config) -> None:
    """At the very end of config-inited: note every value, as the next build will compare it."""
    values = {}
    for item in config:
        with contextlib.suppress(Exception):  # a value that cannot be copied is kept as it is
            values[item.name] = copy.deepcopy(item.value)
    _CONF_VALUES[config] = values


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Before the environment is pickled, give it the configuration as conf.py made it.

    Sphinx compares the pickled configuration with the next build's before builder-inited; the
    values that themes and extensions change at builder-inited (sphinx-book-theme's, the copy
    button's) would otherwise always differ, and every build would say that the configuration
    changed. The build itself goes on with the live configuration (:func:`on_env_check_consistency`).
    First, the examples the documents asked for are waited for and shown (:func:`finish_examples`).
    """
    finish_examples(app, env)
    _changed_examples(env, {})  # what the pages were read from
    config = env.config
    remembered = _CONF_VALUES.get(config)
    if remembered is None:
        return
    pickled = object.__new__(type(config))
    pickled.__dict__.update(config.__dict__)
    for name, value in remembered.items():
        if getattr(config, name) != value:
            pickled.__dict__[name] = value
    env.config = pickled


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Right after the environment was pickled: the build goes on with the live configuration."""
    env.config = app.config


def on_write_started(app: Sphinx, builder: Any) -> None:
    """The same when no document was read: Sphinx then neither pickles nor checks consistency."""
    app.env.config = app.config


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Write ``examples.json``, log the summary, and fail the build if an example failed."""
    state = _STATES.get(app.env)
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
    if store.errors:
        app.statuscode = 1
