# Tries to change the repository: conf.py, another example's expected output, another script.
from pathlib import Path

root = Path(__file__).resolve().parents[1]
attempts = {
    "conf.py": lambda: open(root / "conf.py", "a").write("\nFORGED = 1\n"),
    "victim.out": lambda: (root / "examples" / "victim.out").write_text("FORGED\n"),
    "victim.py": lambda: (root / "examples" / "victim.py").unlink(),
}
for name, attempt in attempts.items():
    try:
        attempt()
        print(name, "changed")
    except OSError as error:
        print(name, "refused:", error.strerror)
