"""The words of each section that the site's search ranks sections by (docs/_ext/search_sections.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from docutils.core import publish_doctree
from sphinx.search.en import SearchEnglish

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs/_ext"))

import search_sections

PAGE = """\
Reuse in depth
==============

The page opens here.

The three reuse modes
---------------------

With ``reuse=tf.AUTO_REUSE`` the first call creates the variable::

    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        hidden_in_code = 1

Later calls
~~~~~~~~~~~

Every later call returns it.
"""


def doctree():
    """The page as Sphinx reads it: its first title stays a section's (no document title)."""
    return publish_doctree(PAGE, settings_overrides={"doctitle_xform": False})


def test_each_section_holds_its_own_prose_only() -> None:
    found = search_sections.sections_of(doctree())
    assert [(anchor, title) for anchor, title, _ in found] == [
        ("", "Reuse in depth"),
        ("the-three-reuse-modes", "The three reuse modes"),
        ("later-calls", "Later calls"),
    ]
    top, modes, later = (text for _, _, text in found)
    assert "opens here" in top and "first call" not in top
    assert "first call" in modes and "Every later call" not in modes and "Every later call" in later
    assert "hidden_in_code" not in modes, "code is not prose"


def test_words_are_the_search_index_words() -> None:
    english = SearchEnglish({})
    data = search_sections.section_data({"reuse": search_sections.sections_of(doctree())}, english)
    modes = data["reuse"][1]
    assert modes[0] == "the-three-reuse-modes"
    # Stemmed and lower-cased as Sphinx's index is: "reuse" and "AUTO_REUSE" as the search looks them up.
    assert modes[2] == {"mode": 1, "reus": 1, "three": 1}
    assert modes[3]["auto_reus"] == 1 and modes[3]["call"] == 1
