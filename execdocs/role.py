"""The ``output`` role: prose quotes a piece of an example's real output, checked at build time."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from execdocs.build import build_state, defer, note_example
from execdocs.core.store import ExampleRefError, resolve_example

logger = logging.getLogger(__name__)


def quote_in_output(quote: str, output: str) -> bool:
    """Whether ``quote`` stands in ``output`` as a whole piece, not inside a longer name.

    ``var1:0`` is found in ``var1:0\\n`` but not in ``var1:0`` as part of ``xvar1:0`` or of
    ``scope/var1:0``, so a quote cannot pass by matching the tail of another name.
    """
    if not quote:
        return False
    before = r"(?<![\w/.])" if re.match(r"[\w.]", quote) else ""
    after = r"(?![\w])" if re.search(r"\w$", quote) else ""
    return re.search(before + re.escape(quote) + after, output) is not None


class OutputRole(SphinxRole):
    """``{output}`quoted text <examples/script.py>```: fails the build unless the script prints it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_target, quote, target = split_explicit_title(self.text)
        node = nodes.literal(self.rawtext, quote, classes=["execdocs-quote"])
        if not has_target:
            self._error(f"{{output}}`{self.text}` names no example; write {{output}}`{quote} <examples/NAME.py>`")
            return [node], []
        state = build_state(self.env)
        store = state.store
        if store is None:  # the gettext builder runs nothing and checks nothing
            return [node], []
        root = state.root
        try:
            script = resolve_example(target, root)
        except ExampleRefError as error:
            self._error(f"{{output}} role: example {error}")
            return [node], []
        self.env.note_dependency(str(script))
        note_example(self.env, script)
        store.submit(script)  # runs while the next documents are read
        location = self.get_location()

        def check(doctree: nodes.document) -> None:
            """Once the example has run: the quote must stand in what it printed."""
            result = store.get(script)
            message = None
            if result.failure is not None:
                message = f"{{output}} role: {target} failed to run: {result.failure}"
            elif not quote_in_output(quote, result.output):
                shown = result.output if len(result.output) < 2000 else result.output[:2000] + "..."
                message = (
                    f"the prose quotes {quote!r}, but {target} does not print it; correct the quote to "
                    f"what the script prints. Its output:\n{shown}"
                )
            if message is not None:
                logger.error(message, location=location, type="execdocs", subtype="quote")
                store.errors += 1

        defer(self.env, check)
        return [node], []

    def _error(self, message: str) -> None:
        logger.error(message, location=self.get_location(), type="execdocs", subtype="quote")
        store = build_state(self.env).store
        if store is not None:
            store.errors += 1
