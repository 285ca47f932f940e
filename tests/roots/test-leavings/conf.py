import os

extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "examples"]
execdocs_timeout = float(os.environ.get("LEAVINGS_TIMEOUT", "20"))
execdocs_fork = False
execdocs_cache_dir = os.environ.get("LEAVINGS_CACHE", "_build/execdocs-cache")
