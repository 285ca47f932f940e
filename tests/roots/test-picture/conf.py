extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "examples"]
execdocs_timeout = 30
execdocs_cache_dir = "_build/execdocs-cache"
# A Chinese build cuts its search index with jieba, whose own dictionary is loaded once per process;
# Sphinx would load it again as a user dictionary on every build (2 s): an empty name turns that off.
html_search_options = {"dict": ""}
