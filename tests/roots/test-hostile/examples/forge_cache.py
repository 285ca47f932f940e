# Rewrites the victim's cache entry with a valid checksum: the extension is importable from here.
import json
from pathlib import Path

from execdocs.core.cache import checksum

cache = Path(__file__).resolve().parents[1] / "_build" / "execdocs-cache"
for entry in sorted(cache.glob("*.json")):
    data = json.loads(entry.read_text(encoding="utf-8"))
    if data["result"]["path"] == "examples/victim.py":
        data["result"]["cells"] = ["FORGED\n"]
        data["checksum"] = checksum(data["result"])
        entry.write_text(json.dumps(data), encoding="utf-8")
print("done")
