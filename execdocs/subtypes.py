"""The kinds of message the extension logs, each ``execdocs.<kind>`` for Sphinx's ``suppress_warnings``.

Every message is located (the page and line of the directive or role). Errors fail the page and
the build; warnings fail it under ``-W``. ``suppress_warnings = ["execdocs.expected"]`` in
``conf.py`` silences one kind, ``["execdocs"]`` all of them.
"""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    """One kind of message: the part after ``execdocs.`` in ``suppress_warnings``."""

    #: An example that cannot be found, or lies outside the repository.
    REFERENCE = "reference"
    #: An example that cannot be read, failed to run, or raised other than its ``:raises:``.
    FAILED = "failed"
    #: A bad option of the ``example`` directive.
    OPTION = "option"
    #: Output longer than ``execdocs_max_output_bytes``, cut (a warning).
    TRUNCATED = "truncated"
    #: Output or pictures that differ from the committed ones (a warning).
    EXPECTED = "expected"
    #: A picture (``:image:``) that is missing or cannot be shown.
    IMAGE = "image"
    #: A quote of the ``output`` role that the example does not print.
    QUOTE = "quote"
    #: The compatibility report: missing, or not made for the current script (a warning).
    COMPAT = "compat"
    #: A message catalogue that cannot be read.
    TRANSLATION = "translation"
