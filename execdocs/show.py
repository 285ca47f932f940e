"""The render step: each ``example`` placeholder filled, at write time, from the record of its run.

:class:`FillExamples` is a post-transform: it takes what the check step recorded for the page
(:mod:`execdocs.collector`) and puts the cells' code, their outputs, the picture and the line
under the example in place of the placeholder. The builders below are plain functions of their
arguments: code, outputs, tables, provenance, downloads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from execdocs.collector import examples_of
from execdocs.core.cells import Cell, ShownCode, language_of, show_cell, split_cells
from execdocs.core.expected import current_entry
from execdocs.downloads import download_uri
from execdocs.images import picture_node
from execdocs.labels import label, provenance_name, provenance_text
from execdocs.render import disclosure, disclosure_summary, download_link, example_placeholder, output_text, script_code
from execdocs.state import build_state
from execdocs.subtypes import Subtype

if TYPE_CHECKING:
    from execdocs.core.runner import RunResult

logger = logging.getLogger(__name__)


def table_node(
    rows: list[list[nodes.Node]],
    css_class: str,
    stacked: bool = False,
    row_classes: list[str] | None = None,
    names: list[nodes.Node] | None = None,
) -> nodes.table:
    """A table whose first row is the header; every row has the same number of cells.

    ``stacked``: each body cell also carries its column's name (``names``, else its header), hidden
    on a wide screen, so that on a narrow one the stylesheet can show every row as a card of
    labelled lines. ``row_classes``: a class for each row (header included; "" for none).
    """
    table = nodes.table(classes=[css_class] + (["execdocs-stacked"] if stacked else []))
    group = nodes.tgroup(cols=len(rows[0]))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in rows[0]]
    classes = row_classes or [""] * len(rows)
    for part, first, last in ((nodes.thead(), 0, 1), (nodes.tbody(), 1, len(rows))):
        for cells, css in zip(rows[first:last], classes[first:last], strict=True):
            row = nodes.row(classes=[css] if css else [])
            for header, cell in zip(names or rows[0], cells, strict=True):
                entry = nodes.entry()
                paragraph = nodes.paragraph()
                if stacked and isinstance(part, nodes.tbody):
                    paragraph += nodes.inline("", "", header.deepcopy(), classes=["execdocs-cell-label"])
                paragraph += cell
                entry += paragraph
                row += entry
            part += row
        group += part
    return table


def short_exception(exception: str | None) -> str:
    """``json.decoder.JSONDecodeError`` -> ``JSONDecodeError``, so either spelling matches."""
    return (exception or "").rsplit(".", 1)[-1]


def printed_table(text: str) -> list[list[str]]:
    """The rows of a Markdown pipe table a script printed (no separator rows); empty if none."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.strip().startswith("|")
    ]
    return [row for row in rows if not all(set(cell) <= set("-: ") for cell in row)]


def _table_cell(text: str) -> nodes.Node:
    """A printed table cell: spans in `backticks` become code, the rest stays text."""
    cell = nodes.inline()
    for index, part in enumerate(text.split("`")):
        if not part:
            continue
        cell += nodes.literal(part, part) if index % 2 else nodes.Text(part)
    return cell


def failed_marker(language: str) -> nodes.Node:
    """What a page shows where an example failed: the build log says why."""
    return nodes.paragraph("", label(language, "failed"), classes=["execdocs-failed"])


def code_node(shown: ShownCode, language: str) -> nodes.Element:
    """A cell's code, numbered with the script's own line numbers."""
    code = script_code(shown.text, shown.text, language="python", classes=["execdocs-source"])
    code["highlight_args"] = {"hl_lines": shown.emphasized} if shown.emphasized else {}
    code["line_numbers"] = list(shown.numbers)
    code["gap_one"] = label(language, "gap_one", first="{first}")
    code["gap_many"] = label(language, "gap_many", first="{first}", last="{last}")
    return code


def output_nodes(
    result: RunResult,
    cell: Cell,
    output_format: str,
    language: str,
    names: list[nodes.Node] | None = None,
    location: nodes.Node | None = None,
) -> list[nodes.Node]:
    """What one cell printed, labelled; a raised exception and a cut output say so. ``names``: the
    printed table's column names, for a phone's cards (else its header)."""
    index = cell.number - 1
    text = result.cells[index] if index < len(result.cells) else ""
    if not text or output_format == "none":
        return []
    raised = result.exception is not None and index == len(result.cells) - 1
    box = nodes.container(classes=["execdocs-output"] + (["execdocs-raises"] if raised else []))
    caption = label(language, "raises", exception=result.exception) if raised else label(language, "output")
    box += nodes.paragraph("", caption, classes=["execdocs-output-label"])
    if output_format == "table" and not raised:
        rows = printed_table(text)
        width = max(len(row) for row in rows)
        cells = [[_table_cell(value) for value in row + [""] * (width - len(row))] for row in rows]
        if names is not None and len(names) != width:
            logger.warning(
                "the example names %d columns, but its table has %d; the cards show the printed header",
                len(names),
                width,
                location=location,
                type="execdocs",
                subtype=str(Subtype.OPTION),
            )
            names = None
        box += table_node(cells, "execdocs-table", stacked=True, names=names)
    else:
        body = text.rstrip("\n")
        box += output_text(body, body, language="text", classes=["execdocs-output-text"])
    if result.truncated_from is not None and index == len(result.cells) - 1:
        notice = label(
            language, "truncated", printed=f"{result.truncated_from:,}", shown=f"{len(result.output.encode()):,}"
        )
        box += nodes.paragraph("", notice, classes=["execdocs-truncated"])
    return [box]


def downloads_node(relpath: str, docname: str, language: str) -> nodes.Node:
    """Links to the example as a script and as a notebook, both in this page's language."""
    links = nodes.inline(classes=["execdocs-downloads"])
    for suffix, key in ((".py", "download_script"), (".ipynb", "download_notebook")):
        if len(links):
            links += nodes.Text(label(language, "list_separator"))
        uri = download_uri(relpath, suffix, docname)
        links += download_link(
            "", label(language, key), refuri=uri, classes=[f"execdocs-download{suffix.replace('.', '-')}"]
        )
    before, _, after = label(language, "download_title", links="\0").partition("\0")
    line = nodes.inline()
    # "Download:" is left out on a phone, where each link's arrow says it (site.css, execdocs.css).
    line += [nodes.inline("", before, classes=["execdocs-meta-detail"]), links, nodes.Text(after)]
    return line


def provenance_nodes(
    result: RunResult,
    relpath: str,
    checked: dict[str, dict[str, str]] | None,
    docname: str,
    language: str,
    library: str,
    differences: bool = True,
) -> list[nodes.Node]:
    """One quiet line: what ran the example, where the report found the same output, downloads.

    ``checked``: the report's results for this version of the script, release by release (empty
    without a report, None when the report has not seen this version). With ``differences``,
    releases where the output differs or the script fails follow behind a disclosure each.
    """
    separator = label(language, "list_separator")
    results = checked or {}
    by_status: dict[str, list[str]] = {}
    for version, outcome in results.items():
        if version != result.provenance:  # the release that printed the output above
            by_status.setdefault(outcome["status"], []).append(version)
    ran_with = provenance_text(library, result.provenance)
    short = {"same": "compat_same_short", "differs": "compat_differs_short", "fails": "compat_fails_short"}
    # On a phone the line keeps to what matters there (execdocs.css): the Python version and the
    # releases the script does not apply to are left out.
    meta = nodes.paragraph(classes=["execdocs-meta"])
    meta += _ran_with(label(language, "ran_with", provenance="\0", python="\1"), ran_with, result.python)
    for status, versions in by_status.items():
        key = short.get(status, "compat_not_applicable_short")
        text = " · " + label(language, key, versions=separator.join(versions))
        meta += nodes.inline("", text, classes=[] if status in short else ["execdocs-meta-detail"])
    meta += nodes.Text(" · ")
    meta += downloads_node(relpath, docname, language)
    found: list[nodes.Node] = [meta]
    if checked is None:
        text = label(language, "compat_unchecked", library=library)
        found.append(nodes.paragraph("", text, classes=["execdocs-meta", "execdocs-compat-unchecked"]))
    for version, outcome in results.items() if differences else ():
        if outcome["status"] in ("differs", "fails"):
            found.append(_compat_difference(provenance_text(library, version), outcome, ran_with, language))
    return found


def _ran_with(sentence: str, ran_with: str, python: object) -> list[nodes.Node]:
    """The sentence naming what ran the example, from its label with the library at ``\\0`` and
    Python at ``\\1``; where Python comes after the library, the words from the library to Python's
    version are details that a phone leaves out: it shows the library's name and version alone."""
    head, library_mark, rest = sentence.partition("\0")
    between, python_mark, tail = rest.partition("\1")
    if not (library_mark and python_mark):  # a translation that puts Python first: one plain sentence
        return [nodes.Text(sentence.replace("\0", ran_with).replace("\1", f"{python}"))]
    detail = ["execdocs-meta-detail"]
    rest_of_it = nodes.inline("", f"{between}{python}{tail}", classes=detail)
    return [nodes.inline("", head, classes=detail), nodes.Text(ran_with), rest_of_it]


def _compat_difference(version: str, outcome: dict[str, str], pinned: str, language: str) -> nodes.Node:
    """A release where the script prints something else or fails, behind a disclosure; ``version``
    and ``pinned`` name the library too."""
    box = disclosure(classes=["execdocs-compat"])
    short = "compat_differs_short" if outcome["status"] == "differs" else "compat_fails_short"
    box += disclosure_summary("", label(language, short, versions=version))
    if outcome["status"] == "differs":
        box += nodes.paragraph("", label(language, "compat_diff_explained", version=version, pinned=pinned))
        # The diff's own header names files and "(committed)"/"(this run)"; the sentence above
        # says the same in the reader's words.
        diff_lines = outcome["detail"].rstrip("\n").split("\n")
        diff = "\n".join(text for text in diff_lines if not text.startswith(("---", "+++")))
        box += nodes.literal_block(diff, diff, language="diff", classes=["execdocs-compat-diff"])
    else:
        box += nodes.paragraph("", label(language, "compat_fails", version=version, detail=outcome["detail"]))
    return box


def column_names(placeholder: example_placeholder) -> list[nodes.Node] | None:
    """The column names the directive's content lists (in the page's language), or None."""
    beside = [node for node in placeholder.parent.children if "execdocs-column-names" in node.get("classes", ())]
    for names in (found for node in beside for found in node.findall(nodes.bullet_list)):
        found: list[nodes.Node] = []
        for item in names.children:
            words = nodes.inline()
            for part in item.children:
                words += [child.deepcopy() for child in part.children] if isinstance(part, nodes.paragraph) else []
            found.append(words)
        return found
    return None


def example_nodes(
    placeholder: example_placeholder,
    result: RunResult | None,
    checked: dict[str, dict[str, str]] | None,
    docname: str,
    language: str,
    library: str,
    differences: bool = True,
) -> list[nodes.Node]:
    """The cells' code and, when the example ran, what each printed, the picture and provenance;
    ``differences``: with the releases where the whole script prints something else (shown once
    a page, under the script's last use there)."""
    source: str = placeholder["source"]
    lines = source.splitlines()
    wanted = set(placeholder["cells"])
    chosen = [cell for cell in split_cells(source) if cell.number in wanted]
    selected = set(placeholder["lines"]) if placeholder["lines"] is not None else None
    emphasize = set(placeholder["emphasize"])
    output_format = placeholder["output"]
    codes = [code_node(show_cell(lines, cell, language, selected, emphasize), language) for cell in chosen]
    for code in codes:
        code.source, code.line = placeholder.source, placeholder.line
    names = column_names(placeholder)
    found: list[nodes.Node] = []
    if placeholder["code"] == "folded":
        if result is not None:
            for cell in chosen:
                found += output_nodes(result, cell, output_format, language, names, placeholder)
        code_box = disclosure(classes=["execdocs-code-fold"])
        code_box += disclosure_summary("", label(language, "show_code"))
        code_box += codes
        found.append(code_box)
    else:
        for cell, code in zip(chosen, codes, strict=True):
            found.append(code)
            if result is not None:
                found += output_nodes(result, cell, output_format, language, names, placeholder)
    if result is not None and placeholder["image"]:
        name = placeholder["image"]
        caption = label(language, "image")
        found.append(picture_node(result.images[name], language, placeholder["picture_prefix"], caption))
    if result is not None:
        found += provenance_nodes(result, placeholder["relpath"], checked, docname, language, library, differences)
    return found


class FillExamples(SphinxPostTransform):
    """Put each example's code and recorded output in place of its placeholder."""

    # Before every other post-transform, which then sees the example's nodes as any others.
    default_priority = 1

    def run(self, **kwargs: Any) -> None:
        record = examples_of(self.env)
        docname = self.env.docname
        language = language_of(self.config.language)
        library = provenance_name(self.config)
        failed = record.failed_uses.get(docname, set())
        records = record.records.get(docname, {})
        state = build_state(self.env)
        placeholders = list(self.document.findall(example_placeholder))
        # A script shown in parts (`:cells:`) has its differences on other releases under its last part.
        last = {placeholder["relpath"]: placeholder for placeholder in placeholders}
        for placeholder in placeholders:
            wrapper = placeholder.parent
            if placeholder["key"] in failed:
                wrapper.replace_self(failed_marker(language))
                continue
            result = records.get(placeholder["relpath"]) if state.store is not None else None
            checked: dict[str, dict[str, str]] | None = {}
            if result is not None and state.compat is not None:
                entry = current_entry(state.compat, placeholder["relpath"], state.root / placeholder["relpath"])
                checked = entry["results"] if entry is not None else None
            differences = last[placeholder["relpath"]] is placeholder
            shown = example_nodes(placeholder, result, checked, docname, language, library, differences)
            names = [node for node in wrapper.children if "execdocs-column-names" in node.get("classes", ())]
            if not state.extracting:  # when the words are extracted they stay: the page's words to translate
                for node in names:
                    wrapper.remove(node)
            placeholder.replace_self(shown)
            if not state.config.execute:
                wrapper += nodes.paragraph("", label(language, "not_run"), classes=["execdocs-meta"])


def placeholder_node(**attributes: Any) -> example_placeholder:
    """The node an ``example`` directive leaves: what to show, filled at write time."""
    return example_placeholder("", **attributes)
