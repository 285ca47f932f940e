import os

extensions = ["myst_parser", "execdocs"]
exclude_patterns = ["_build", "examples"]
execdocs_timeout = float(os.environ.get("CHANNELS_TIMEOUT", "10"))
execdocs_fork = os.environ.get("CHANNELS_FORK", "0") == "1"
execdocs_cache_dir = "_build/execdocs-cache"
