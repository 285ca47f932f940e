"""The ``output`` role: prose quotes a piece of an example's real output, checked at build time."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from execdocs.collector import QUOTE, report
from execdocs.core.store import ExampleRefError, resolve_example
from execdocs.state import build_state
from execdocs.subtypes import Subtype


class OutputRole(SphinxRole):
    """``{output}`quoted text <examples/script.py>```: fails the build unless the script prints it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_target, quote, target = split_explicit_title(self.text)
        node = nodes.literal(self.rawtext, quote, classes=["execdocs-quote"])
        state = build_state(self.env)
        if not has_target:
            self._error(f"{{output}}`{self.text}` names no example; write {{output}}`{quote} <examples/NAME.py>`")
            return [node], []
        if state.store is None:  # the gettext builder runs nothing and checks nothing
            return [node], []
        try:
            script = resolve_example(target, state.root)
        except ExampleRefError as error:
            self._error(f"{{output}} role: example {error}")
            return [node], []
        self.env.note_dependency(str(script))
        state.store.submit(script)  # runs while the next documents are read
        # Recorded by the collector, checked once every document is read (:mod:`execdocs.check`).
        relpath = script.relative_to(state.root).as_posix()
        node[QUOTE] = {"relpath": relpath, "location": self.get_location(), "quote": quote}
        return [node], []

    def _error(self, message: str) -> None:
        report(self.env, self.env.docname, message, self.get_location(), Subtype.QUOTE)
