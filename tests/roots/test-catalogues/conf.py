extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "hostile", "examples"]
execdocs_execute = False  # the catalogues are the subject here: nothing needs to run
locale_dirs = ["locales"]
gettext_compact = False
gettext_location = False
