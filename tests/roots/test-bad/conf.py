extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "examples"]
execdocs_timeout = 3
execdocs_max_output_bytes = 100_000
