extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "hostile", "examples"]
execdocs_execute = False  # the catalogues are the subject here: nothing needs to run
locale_dirs = ["locales"]
gettext_compact = False
gettext_location = False
# A Chinese build cuts its search index with jieba, whose own dictionary is loaded once per process;
# Sphinx would load it again as a user dictionary on every build (2 s): an empty name turns that off.
html_search_options = {"dict": ""}
