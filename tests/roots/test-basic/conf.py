extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "examples"]
execdocs_timeout = 30
execdocs_cache_dir = "_build/execdocs-cache"
locale_dirs = ["locales"]
gettext_compact = False
execdocs_provenance = ["tensorflow-cpu", "tensorflow"]
execdocs_provenance_label = "TensorFlow"
