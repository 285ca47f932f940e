"""Each example shown on the site, to run at home: the script and a Jupyter notebook of its cells.

Both carry only the comments of the page's language, as the page shows them. The notebook's cells
are the script's ``# %%`` cells (the percent format that Jupytext reads) and hold the outputs of
this build, so it opens showing what the page shows.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import nbformat
from nbformat import v4

from execdocs.collector import published_records
from execdocs.core.cells import language_of, localized_source, read_source, show_cell, split_cells
from execdocs.labels import label, provenance_name, provenance_text
from execdocs.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where, under the HTML output folder, the downloads are written.
FOLDER = "_examples"
TRACEBACK = "Traceback (most recent call last):"


def download_path(relpath: str, suffix: str) -> str:
    """Where the download of example ``relpath`` (``.py``/``.ipynb``) lies under the output folder.

    It keeps the script's own path, so that two scripts of one name in two folders stay apart.
    """
    return f"{FOLDER}/{PurePosixPath(relpath).with_suffix(suffix)}"


def download_uri(relpath: str, suffix: str, docname: str) -> str:
    """The link from page ``docname`` to the download of example ``relpath``, URL-quoted."""
    return "../" * docname.count("/") + quote(download_path(relpath, suffix))


def _outputs(text: str, exception: str | None, last: bool) -> list[Any]:
    """A cell's printed text as notebook outputs; a final traceback becomes an error output."""
    if last and exception and TRACEBACK in text:
        printed, _, trace = text.partition(TRACEBACK)
        trace_lines = [TRACEBACK, *trace.rstrip("\n").split("\n")[1:]]
        error_line = trace_lines[-1]
        name, _, value = error_line.partition(": ")
        outputs = [v4.new_output("stream", name="stdout", text=printed)] if printed else []
        outputs.append(v4.new_output("error", ename=name, evalue=value, traceback=trace_lines))
        return outputs
    return [v4.new_output("stream", name="stdout", text=text)] if text else []


def notebook(source: str, record: dict[str, Any], language: str, library: str) -> nbformat.NotebookNode:
    """The notebook of one example: a title cell, then one code cell per script cell, with outputs."""
    lines = source.splitlines()
    cells = split_cells(source)
    outputs: list[str] = record["cells"]
    ran_with = provenance_text(library, record["provenance"])
    title = f"`{record['path']}`\n\n" + label(language, "ran_with", provenance=ran_with, python=record["python"])
    notebook_cells = [v4.new_markdown_cell(title, id="about")]
    for cell in cells:
        index = cell.number - 1
        code = show_cell(lines, cell, language).text
        text = outputs[index] if index < len(outputs) else ""
        last = index == len(outputs) - 1
        notebook_cells.append(
            v4.new_code_cell(
                code,
                id=f"cell-{cell.number}",
                execution_count=cell.number,
                outputs=_outputs(text, record["exception"], last),
            )
        )
    metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    result = v4.new_notebook(cells=notebook_cells, metadata=metadata)
    nbformat.validate(result)
    return result


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Write the script and the notebook of every example the pages show."""
    if exception is not None or app.builder.format != "html":
        return
    state = build_state(app.env)
    if state.store is None:
        return
    language = language_of(app.config.language)
    outdir = Path(app.outdir)
    for record in published_records(app.env):
        source = read_source(state.root / record["path"])
        script, book = (outdir / download_path(record["path"], suffix) for suffix in (".py", ".ipynb"))
        script.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(script, localized_source(source, language))
        _write_if_changed(book, nbformat.writes(notebook(source, record, language, provenance_name(app.config))))


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it: a rebuild with nothing changed writes nothing."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
