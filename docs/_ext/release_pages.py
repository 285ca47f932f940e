"""This site's pages about other TensorFlow releases, read from the compatibility report (``nox -s compat``).

Three directives: ``listing-runs`` shows one of the 2017 listings as printed, what the site's
script changes in it, and what each release printed for it; ``article-runs`` is the table of
which release prints what the article printed; ``compat-table`` is every example on every
release, with its differences below it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Set
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from compat_report import ARTICLE_SUFFIX, printed_lines
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from execdocs.collector import examples_of
from execdocs.core.cells import CELL_MARKER, language_of, localize_line, read_source
from execdocs.core.expected import current_entry, expected_cap, read_expected
from execdocs.core.runner import RunSettings
from execdocs.core.store import ExampleRefError, resolve_example
from execdocs.labels import add_catalogue
from execdocs.render import script_code
from execdocs.show import short_exception, table_node
from execdocs.state import build_state
from execdocs.subtypes import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


#: The words of these pages: key -> English message, translated in this folder's catalogue
#: ``locale/<language>/LC_MESSAGES/release_pages.po``.
MESSAGES: dict[str, str] = {
    "as_printed": "As printed in the article:",
    "edited": "The listing with the change described above:",
    "changes": "What the script this site runs changes in it:",
    "output_on": "Output on {runs}:",
    "raises_on": "Output on {runs} (raises {exception}):",
    "fails_on": "On {runs} the script fails: {detail}",
    "article_match": "This is what the article printed.",
    "run": "TensorFlow {tensorflow} (NumPy {numpy}, Python {python})",
    "and": " and ",
    "tensorflow": "TensorFlow",
    "numpy": "NumPy",
    "python": "Python",
    "prints_article": "prints it",
    "prints_other": "prints ",
    "raises": "raises {exception}",
    "fails": "fails",
    "not_applicable": "–",
    "example": "Example",
    "status_same": "same",
    "status_differs": "differs",
    "status_fails": "fails",
    "status_not_applicable": "n/a",
    "versions": "TensorFlow {label}: {packages}",
    "differences": "The differences",
    "difference": "{example} on TensorFlow {label}",
    "separator": ", ",
    "last_checked": "Last checked on {date} against TensorFlow {releases}.",
    "checked_before": "Checked on {date} against TensorFlow {releases}.",
}
CATALOG = "release_pages"
LOCALE_DIR = Path(__file__).with_name("locale")
_ = get_translation(CATALOG)


def _label(language: str, key: str, **values: object) -> str:
    """The words for ``key`` in the language of the running build (``language`` names it)."""
    return str(_(MESSAGES[key])).format(**values)


def _tensorflow(versions: dict[str, str]) -> str:
    return versions.get("tensorflow-cpu") or versions.get("tensorflow") or "?"


def run_title(run: dict, language: str) -> str:
    """One run as a reader reads it: its TensorFlow, NumPy and Python."""
    versions = run["versions"]
    return _label(
        language,
        "run",
        tensorflow=_tensorflow(versions),
        numpy=versions.get("numpy", "?"),
        python=versions.get("python", "?"),
    )


def _join(items: list[str], language: str) -> str:
    """``a, b and c``, in the page's language."""
    if len(items) == 1:
        return items[0]
    return _label(language, "separator").join(items[:-1]) + _label(language, "and") + items[-1]


def corrected_text(source: str) -> str:
    """A script as code only: no comment for readers of one language, no cell marker."""
    lines = [localize_line(line, "") for line in source.splitlines() if line.rstrip() != CELL_MARKER]
    return "\n".join(line for line in lines if line is not None) + "\n"


def script_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff between two scripts."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), before_name, after_name
    )
    return "".join(lines)


def checked_node(report: dict, language: str) -> nodes.paragraph | None:
    """When the report's runs were made, newest first, from the days its parts recorded (not the
    build's clock); None for a report that records none."""
    days: dict[str, list[str]] = {}
    for run in report["runs"]:  # in the report's order: oldest release first
        if isinstance(run.get("checked"), str):
            days.setdefault(run["checked"], []).append(run["label"])
    if not days:
        return None
    sentences = [
        _label(language, "checked_before" if index else "last_checked", date=day, releases=_join(days[day], language))
        for index, day in enumerate(sorted(days, reverse=True))
    ]
    text = sentences[0]
    for sentence in sentences[1:]:  # a space after a full stop, none after Chinese 。
        text += ("" if text.endswith("。") else " ") + sentence
    node = nodes.paragraph("", text, classes=["execdocs-compat-checked"])
    node["translatable"] = False  # translated here, from this module's catalogue: its dates change with each report
    return node


class _ReportDirective(SphinxDirective):
    """Shared: the report, a located warning, and the current entry of one script."""

    @property
    def language(self) -> str:
        return language_of(self.config.language)

    def warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location(), type="execdocs", subtype=str(Subtype.COMPAT))

    def report(self) -> dict | None:
        state = build_state(self.env)
        if state.compat is None or state.compat_path is None:
            self.warn(f"{self.name} needs execdocs_compat_report")
            return None
        self.env.note_dependency(str(state.compat_path))
        return state.compat

    def entry(self, report: dict, name: str) -> tuple[Path, str, dict] | None:
        """The script ``name`` and its entry in the report; None (with a warning) when there is none."""
        root = build_state(self.env).root
        try:
            script = resolve_example(name, root)
        except ExampleRefError as error:
            self.warn(f"example {error}")
            return None
        relpath = script.relative_to(root).as_posix()
        self.env.note_dependency(str(script))
        listing_pages(self.env).setdefault(self.env.docname, set()).add(relpath)
        entry = current_entry(report, relpath, script)
        if entry is None:
            state = "is not in" if relpath not in report["examples"] else "was made for an older version of"
            self.warn(f"the compatibility report {state} {relpath}; run `nox -s compat` and commit the report")
            return None
        return script, relpath, entry

    def output_of(self, script: Path, result: dict) -> str | None:
        """What one run printed: the committed output when it was the same, else the report's."""
        if result["status"] == "same":
            state = build_state(self.env)
            settings = state.store.settings if state.store is not None else RunSettings()
            expected, unreadable = read_expected(script, state.root, expected_cap(settings))
            if unreadable is not None:
                self.warn(f"the committed output of {script.name} cannot be read: {unreadable}")
            return expected
        return result.get("output")


class ListingRunsDirective(_ReportDirective):
    """A 2017 listing as printed, the site's changes to it, and what each release printed for it."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "corrected": directives.unchanged_required,
        "edited": directives.flag,  # the listing is not the article's as printed: say so
    }

    def run(self) -> list[nodes.Node]:
        report = self.report()
        found = self.entry(report, self.arguments[0]) if report else None
        if report is None or found is None:
            return []
        script, relpath, entry = found
        language = self.language
        source = read_source(script)
        box = nodes.container(classes=["execdocs-listing-runs"])
        caption = _label(language, "edited" if "edited" in self.options else "as_printed")
        box += nodes.paragraph("", caption, classes=["execdocs-output-label"])
        # Numbered from 1 like the file, so that a traceback's line N below is the line labelled N.
        listing = script_code(source, source, language="python", classes=["execdocs-source"])
        listing["line_numbers"] = list(range(1, len(source.splitlines()) + 1))
        box += listing
        if "corrected" in self.options:
            try:
                corrected = resolve_example(self.options["corrected"], build_state(self.env).root)
            except ExampleRefError as error:
                self.warn(f":corrected: {error}")
                return []
            self.env.note_dependency(str(corrected))
            name = corrected.relative_to(build_state(self.env).root).as_posix()
            diff = script_diff(source, corrected_text(read_source(corrected)), relpath, name)
            box += nodes.paragraph("", _label(language, "changes"), classes=["execdocs-output-label"])
            box += nodes.literal_block(diff, diff, language="diff", classes=["execdocs-compat-diff"])
        runs = {run["label"]: run for run in report["runs"]}
        groups: dict[tuple, list[dict]] = {}
        for label in runs:  # in the report's order: oldest release first
            result = entry["results"][label]
            if result["status"] == "not_applicable":
                continue
            shown = (self.output_of(script, result), result.get("detail") if result["status"] == "fails" else None)
            groups.setdefault((*shown, result.get("exception"), result.get("prints_article")), []).append(runs[label])
        for (output, failure, exception, article), group in groups.items():
            titles = _join([run_title(run, language) for run in group], language)
            if failure is not None:
                box += nodes.paragraph("", _label(language, "fails_on", runs=titles, detail=failure))
                continue
            key = "raises_on" if exception else "output_on"
            caption = _label(language, key, runs=titles, exception=short_exception(exception))
            output_box = nodes.container(classes=["execdocs-output"] + (["execdocs-raises"] if exception else []))
            output_box += nodes.paragraph("", caption, classes=["execdocs-output-label"])
            body = (output or "").rstrip("\n")
            output_box += nodes.literal_block(body, body, language="text", classes=["execdocs-output-text"])
            if article:
                output_box += nodes.paragraph("", _label(language, "article_match"), classes=["execdocs-article-match"])
            box += output_box
        return [box]


class ArticleRunsDirective(_ReportDirective):
    """Which release prints what the article printed under each listing, and which cannot run it."""

    required_arguments = 1
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        report = self.report()
        if report is None:
            return []
        language = self.language
        listings = []
        for name in self.arguments:
            found = self.entry(report, name)
            if found is None:
                return []
            script, relpath, entry = found
            article_file = script.with_suffix(ARTICLE_SUFFIX)
            if not article_file.is_file():
                self.warn(f"{relpath} has no {article_file.name}: the article's output to compare with")
                return []
            self.env.note_dependency(str(article_file))
            listings.append((script, relpath, entry, article_file.read_text(encoding="utf-8")))
        header = [nodes.Text(_label(language, key)) for key in ("tensorflow", "numpy", "python")]
        header += [nodes.literal(Path(relpath).stem, Path(relpath).stem) for _, relpath, _, _ in listings]
        rows = [header]
        for run in report["runs"]:
            versions = run["versions"]
            row: list[nodes.Node] = [
                nodes.Text(_tensorflow(versions)),
                nodes.Text(versions.get("numpy", "?")),
                nodes.Text(versions.get("python", "?")),
            ]
            row += [
                self._cell(script, entry["results"][run["label"]], article) for script, _, entry, article in listings
            ]
            rows.append(row)
        checked = checked_node(report, language)
        return [table_node(rows, "execdocs-article-runs")] + ([checked] if checked is not None else [])

    def _cell(self, script: Path, result: dict, article: str) -> nodes.Node:
        language = self.language
        status = result["status"]
        if status == "not_applicable":
            return nodes.Text(_label(language, "not_applicable"))
        if status == "fails":
            return nodes.Text(_label(language, "fails"))
        if result.get("prints_article"):
            return nodes.strong("", _label(language, "prints_article"))
        output = self.output_of(script, result) or ""
        printed, expected = printed_lines(output), printed_lines(article)
        exception = short_exception(result.get("exception"))
        if exception and not any(line.startswith(f"{exception}:") for line in expected):
            return nodes.Text(_label(language, "raises", exception=exception))
        cell = nodes.inline()
        line = first_difference(printed, expected)
        cell += [nodes.Text(_label(language, "prints_other")), nodes.literal(line, line)]
        return cell


def first_difference(printed: list[str], expected: list[str], width: int = 48) -> str:
    """The first printed line that is not the article's, from a little before where it departs."""
    for index, line in enumerate(printed):
        other = expected[index] if index < len(expected) else ""
        if line == other:
            continue
        common = next((i for i, (a, b) in enumerate(zip(line, other, strict=False)) if a != b), len(line))
        if common > 20:  # a long line that departs late: start at the word before the change
            start = line.rfind(" ", 0, line.rfind(" ", 0, common - 1)) + 1
            line = "…" + line[start:]
        return line if len(line) <= width else line[: width - 1] + "…"
    return "…"  # it printed less than the article


class example_page_ref(nodes.Inline, nodes.Element):  # docutils names its nodes in lower case
    """An example's name, linked to the page that shows it once every page has been read."""


def name_with_breaks(name: str) -> nodes.Node:
    """An example's name as code that a narrow column may break after a ``_`` or ``/``, where its
    words meet, and never inside a word (HTML's ``<wbr>``)."""
    marked = "".join(escape(part) + ("<wbr>" if part in ("_", "/") else "") for part in re.split(r"([_/])", name))
    return nodes.raw(name, f'<code class="docutils literal notranslate">{marked}</code>', format="html")


class CompatTableDirective(_ReportDirective):
    """Every example on every release: same, differs, fails or not applicable; the diffs below."""

    def run(self) -> list[nodes.Node]:
        report = self.report()
        if report is None:
            return []
        language = self.language
        labels = [run["label"] for run in report["runs"]]
        rows: list[list[nodes.Node]] = [[nodes.Text(_label(language, "example"))] + [nodes.Text(v) for v in labels]]
        row_classes = [""]
        details = nodes.container(ids=["compat-differences"], classes=["execdocs-compat-details"])
        details += nodes.rubric("", _label(language, "differences"))
        for relpath, entry in sorted(report["examples"].items()):
            name = Path(relpath).with_suffix("").as_posix().removeprefix("examples/")
            link = example_page_ref(relpath=relpath)
            link += name_with_breaks(name)
            row: list[nodes.Node] = [link]
            noted = False
            for label in labels:
                result = entry["results"][label]
                status = result["status"]
                text = _label(language, f"status_{status}")
                if status in ("differs", "fails"):
                    noted = True
                    target = nodes.make_id(f"compat-{name}-{label}")
                    reference = nodes.reference("", "", refid=target, classes=[f"execdocs-status-{status}"])
                    reference += nodes.Text(text)
                    row.append(reference)
                    details += self._detail(target, name, label, result)
                else:
                    row.append(nodes.inline("", text, classes=[f"execdocs-status-{status}"]))
            rows.append(row)
            row_classes.append("execdocs-compat-noted" if noted else "")
        table = table_node(rows, "execdocs-compat-table", row_classes=row_classes)
        runs = nodes.bullet_list()
        for run in report["runs"]:
            packages = _label(language, "separator").join(
                f"{name} {version}" for name, version in sorted(run["versions"].items())
            )
            item = nodes.list_item()
            item += nodes.paragraph("", _label(language, "versions", label=run["label"], packages=packages))
            runs += item
        checked = checked_node(report, language)
        found = [table] + ([checked] if checked is not None else []) + [runs]
        return found + ([details] if len(details) > 1 else [])

    def _detail(self, target: str, name: str, label: str, result: dict) -> nodes.Node:
        box = nodes.container(ids=[target], classes=["execdocs-compat-detail"])
        title = nodes.paragraph(classes=["execdocs-output-label"])
        title += nodes.Text(_label(self.language, "difference", example=name, label=label))
        box += title
        text = (result.get("detail") or "").rstrip("\n")
        language = "diff" if result["status"] == "differs" else "text"
        box += nodes.literal_block(text, text, language=language, classes=["execdocs-compat-diff"])
        return box


def resolve_page_refs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link each example name to the first page that shows it (none: the name stays plain)."""
    env = app.env
    pages: dict[str, list[str]] = {}
    for page, records in sorted(examples_of(env).records.items()):
        for relpath in records:
            pages.setdefault(relpath, []).append(page)
    for page, relpaths in sorted(listing_pages(env).items()):
        for relpath in relpaths:
            pages.setdefault(relpath, []).append(page)
    for node in list(doctree.findall(example_page_ref)):
        targets = [page for page in pages.get(node["relpath"], []) if page != docname]
        if not targets or not hasattr(app.builder, "get_relative_uri"):
            node.replace_self(node.children)
            continue
        reference = nodes.reference("", "", refuri=app.builder.get_relative_uri(docname, targets[0]), internal=True)
        reference += node.children
        node.replace_self(reference)


def listing_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    """Document -> the scripts its report directives show, kept with the environment."""
    found = getattr(env, "site_listing_pages", None)
    if found is None:
        found = {}
        env.site_listing_pages = found  # type: ignore[attr-defined]
    return found


class ListingPagesCollector(EnvironmentCollector):
    """Keeps :func:`listing_pages` in step with the documents Sphinx reads, drops and merges."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        listing_pages(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        theirs = listing_pages(other)
        listing_pages(env).update({name: theirs[name] for name in docnames if name in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """The directives note their scripts as they are read."""


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and what links example names to their pages."""
    app.setup_extension("execdocs")
    add_catalogue(app, CATALOG, LOCALE_DIR)
    app.add_node(example_page_ref)
    app.add_env_collector(ListingPagesCollector)
    app.add_directive("listing-runs", ListingRunsDirective)
    app.add_directive("article-runs", ArticleRunsDirective)
    app.add_directive("compat-table", CompatTableDirective)
    app.connect("doctree-resolved", resolve_page_refs)
    return {"parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
