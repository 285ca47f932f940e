"""What the build knows of each document's examples, kept with the environment between builds.

One :class:`Examples` record per environment, kept by :class:`ExamplesCollector` (Sphinx's
collector interface: it is cleared for a document read again, and merged from parallel readers).
Directives and roles leave their uses in the document (a placeholder, a quote), and the collector
records them once the document is read (:meth:`ExamplesCollector.process_doc`); the check step
(:mod:`execdocs.check`) adds what each example printed and which documents failed; the render step
(:mod:`execdocs.show`) reads it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from execdocs.core.store import ExampleRefError, resolve_example
from execdocs.render import example_placeholder
from execdocs.state import current_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from execdocs.core.runner import RunResult
    from execdocs.subtypes import Subtype

logger = logging.getLogger(__name__)

#: The one attribute of the environment the extension keeps (see :func:`examples_of`).
_ATTRIBUTE = "execdocs_examples"
#: The attribute of an ``output`` role's node that makes it a use: the script and the location.
QUOTE = "execdocs_quote"


@dataclass(frozen=True)
class Use:
    """One place a document shows (``example``) or quotes (``output``) an example."""

    kind: Literal["example", "quote"]
    #: The script, relative to the repository root.
    relpath: str
    #: ``path:line`` of the directive or role, for located messages.
    location: str
    #: The quoted text (quotes); the ``:raises:`` and ``:output:`` options and the picture (examples).
    quote: str = ""
    raises: str = ""
    output: str = "text"
    image: str = ""
    #: The cells shown (examples), by number.
    cells: tuple[int, ...] = ()
    #: The key of the placeholder the directive left (examples): which use it shows.
    key: str = ""


@dataclass
class Examples:
    """Per document: the examples it shows, their uses, what they printed, whether it failed."""

    #: Document -> the uses read in it, in the order read.
    uses: dict[str, list[Use]] = field(default_factory=dict)
    #: Document -> script -> the run it shows, once checked.
    records: dict[str, dict[str, RunResult]] = field(default_factory=dict)
    #: Document -> keys of the uses that failed their check: they show a marker instead.
    failed_uses: dict[str, set[str]] = field(default_factory=dict)
    #: Documents that reported an error: read again by the next build, removed if a build stops.
    failed: set[str] = field(default_factory=set)
    #: Documents read in this build whose uses are not checked yet, in the order read.
    unchecked: dict[str, None] = field(default_factory=dict)
    #: Digest of the code that runs examples when the pages were read (a change rereads them).
    code: str = ""
    #: Script -> digest of what its pages depend on (cache key, committed outputs) when they were read.
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: Digests of what every page shows around its own text (:mod:`execdocs.freshness`): the words
    #: of the catalogues that are no page's own, and the site navigation, as the last build saw them.
    words: str = ""
    navigation: str = ""

    def scripts(self, docname: str) -> list[str]:
        """The scripts a document shows or quotes, each once, sorted."""
        return sorted({use.relpath for use in self.uses.get(docname, [])})

    def forget(self, docname: str) -> None:
        """Drop what a document recorded (it is read again, or gone)."""
        for table in (self.uses, self.records, self.failed_uses):
            table.pop(docname, None)
        self.failed.discard(docname)
        self.unchecked.pop(docname, None)


def examples_of(env: BuildEnvironment) -> Examples:
    """The record of ``env``, made empty the first time."""
    found = getattr(env, _ATTRIBUTE, None)
    if not isinstance(found, Examples):
        found = Examples()
        setattr(env, _ATTRIBUTE, found)
    return found


def uses_in(doctree: nodes.document) -> list[Use]:
    """The uses a document leaves once read, in the order they stand: the ``example`` directives'
    placeholders, and the ``output`` roles' quotes."""
    found = []
    for node in doctree.findall(nodes.Element):
        if isinstance(node, example_placeholder):
            options = {name: node[name] for name in ("raises", "output", "image", "key")}
            found.append(Use("example", node["relpath"], node["location"], cells=tuple(node["cells"]), **options))
        elif QUOTE in node.attributes:
            quoted = node[QUOTE]
            found.append(Use("quote", quoted["relpath"], quoted["location"], quote=quoted["quote"]))
    return found


def start_runs(env: BuildEnvironment, docnames: Iterable[str]) -> int:
    """Start the examples the documents show, as the record knows them; how many were asked for.

    Before reading, the documents about to be read (as they were last read); while reading in
    parallel, the documents a reader has just read (a reader, a fork of the build, starts none).
    """
    state = current_state(env)
    store = state.store if state is not None else None
    if store is None:
        return 0
    record = examples_of(env)
    scripts: set[Path] = set()
    for docname in docnames:
        for name in record.scripts(docname):
            with contextlib.suppress(ExampleRefError):  # gone: reported where a document still names it
                scripts.add(resolve_example(name, store.root))
    for script in sorted(scripts):
        store.submit(script)
    return len(scripts)


def report(
    env: BuildEnvironment,
    docname: str,
    message: str,
    location: str | nodes.Node,
    subtype: Subtype,
    error: bool = True,
) -> None:
    """Log a located message of type ``execdocs.<subtype>``; an error also fails its document.

    The document is marked first: should the message stop the build (``-W`` without
    ``--keep-going``), its page is still removed.
    """
    if error:
        examples_of(env).failed.add(docname)
        logger.error(message, location=location, type="execdocs", subtype=str(subtype))
    else:
        logger.warning(message, location=location, type="execdocs", subtype=str(subtype))


def published_records(env: BuildEnvironment) -> list[dict[str, Any]]:
    """One record per example shown anywhere on the site, sorted by path."""
    by_path: dict[str, dict[str, Any]] = {}
    for records in examples_of(env).records.values():
        for path, result in records.items():
            by_path[path] = result.public_record()
    return [by_path[path] for path in sorted(by_path)]


class ExamplesCollector(EnvironmentCollector):
    """Keeps :class:`Examples` in step with the documents Sphinx reads, drops and merges.

    What belongs to no single document (the digests of the code, of the examples, of the words and
    of the navigation) is made by the main process, before reading and after merging: clearing a
    document leaves it, and a parallel reader's copy of it is never taken over.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        examples_of(env).forget(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        mine, theirs = examples_of(env), examples_of(other)
        for docname in docnames:
            for table, their_table in (
                (mine.uses, theirs.uses),
                (mine.records, theirs.records),
                (mine.failed_uses, theirs.failed_uses),
            ):
                if docname in their_table:
                    table[docname] = their_table[docname]  # type: ignore[assignment]
            if docname in theirs.failed:
                mine.failed.add(docname)
            if docname in theirs.unchecked:
                mine.unchecked[docname] = None
        start_runs(env, docnames)  # the reader started none

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Record the uses the document read leaves, in a build that runs examples."""
        state = current_state(app.env)
        uses = uses_in(doctree) if state is not None and state.store is not None else []
        if uses:
            record = examples_of(app.env)
            record.uses[app.env.docname] = uses
            record.unchecked[app.env.docname] = None
