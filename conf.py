"""Sphinx configuration for both languages of the site (English sources, Chinese translation)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent

# -- Project ------------------------------------------------------------------------------------
project = "TensorFlow variable sharing"
author = "the authors of this site"
copyright = "2026, the authors of this site"
language = "en"

# Titles per language: conf.py runs before `-D language=...` is applied, so they are set once the
# final language is known (see setup() below).
TITLES = {
    "en": "TensorFlow variable sharing, explained by running it",
    "zh_CN": "TensorFlow 变量共享：用运行结果讲清楚",
}

# -- Sources ------------------------------------------------------------------------------------
extensions = ["myst_parser", "sphinx_copybutton", "execdocs"]
root_doc = "index"
exclude_patterns = ["_build", "_root", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence"]
# Give every heading an anchor, so the same page and anchor exist in both languages.
myst_heading_anchors = 3

# -- Examples (execdocs) --------------------------------------------------------------------------
execdocs_root = str(ROOT)
execdocs_cache_dir = "_build/execdocs-cache"
execdocs_timeout = 180

# -- Translation --------------------------------------------------------------------------------
locale_dirs = [str(ROOT / "locales")]
gettext_compact = False  # one catalogue per page, so a page's translation is reviewed with it
gettext_location = False  # no source line numbers in catalogues: they churn on every edit
gettext_uuid = False

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_static_path = ["docs/_static"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}

# The copy button copies code, never an example's output, and drops shell prompts.
copybutton_selector = "div:not(.execdocs-output-text) > div.highlight pre"
copybutton_prompt_text = "$ "
copybutton_only_copy_prompt_lines = False


def _set_language_titles(app, config) -> None:
    title = TITLES.get(config.language, TITLES["en"])
    config.html_title = title
    config.project = title


def setup(app):
    app.connect("config-inited", _set_language_titles)
