"""Benchmark of the site build (`nox -s bench`): medians of repeated runs, printed as a table.

It builds a copy of the site in a temporary folder, so the repository and its _build/ stay as
they are. Not a test: nothing here passes or fails; the figures are read against the targets in
the README.
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from execdocs.config import from_conf_file
from execdocs.core.expected import example_scripts
from execdocs.core.runner import run_examples

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # tests/lighthouse.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["conf.py", "docs", "examples", "locales"]
# Sphinx language code -> folder, as declared in conf.py.
LANGUAGES = {code: folder for code, (folder, *_) in runpy.run_path(str(ROOT / "conf.py"))["LANGUAGES"].items()}
SUMMARY = re.compile(r"examples: (\d+) run, (\d+) cached, (\d+) failed")


def tree_rss(pid: int) -> int:
    """Resident memory, in bytes, of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        child = int(entry.name)
        children.setdefault(int(stat[1]), []).append(child)
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        rss[child] = int(found.group(1)) * 1024 if found else 0
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += rss.get(current, 0)
        pending.extend(children.get(current, []))
    return total


def measure(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run ``command``; return its wall time, the peak memory of its process tree, and its log."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    reader.join()
    elapsed = time.perf_counter() - start
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{''.join(output)[-3000:]}")
    return elapsed, peak, "".join(output)


class Site:
    """A copy of the site's sources, built the way `nox -s docs` builds them."""

    def __init__(self, folder: Path, execute: bool = True) -> None:
        self.folder = folder
        self.execute = execute
        folder.mkdir(parents=True)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("*.mo"))
            else:
                shutil.copy2(source, folder / name)

    def build(self) -> tuple[float, int, list[int]]:
        """Build both languages once; return the time, peak memory and examples run per language."""
        seconds, peak, runs = 0.0, 0, []
        for language, folder in LANGUAGES.items():
            command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-D", f"language={language}"]
            command += ["-d", f"_build/doctrees/{folder}", "docs", f"_build/html/{folder}"]
            if not self.execute:
                command += ["-D", "execdocs_execute=0"]
            elapsed, memory, log = measure(command, self.folder)
            seconds += elapsed
            peak = max(peak, memory)
            found = SUMMARY.findall(log)
            runs.append(int(found[-1][0]) if found else 0)
        return seconds, peak, runs

    def clean(self) -> None:
        shutil.rmtree(self.folder / "_build", ignore_errors=True)


def median_of(repeat: int, setup: Callable[[], None], action: Callable[[], tuple]) -> list[tuple]:
    results = []
    for _ in range(repeat):
        setup()
        results.append(action())
    return results


# Chromium DevTools' "Slow 4G" preset: 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
WEIGHED_PAGES = ["index.html", "original.html", "reuse.html", "cheatsheet.html", "search.html"]


def page_weight(site: Path, repeat: int, compress: bool) -> list[tuple[str, str]]:
    """Bytes and first contentful paint of a first visit to each page, on a slow 4G connection.

    With ``compress``, text is sent gzipped, as static hosts (GitHub Pages, Read the Docs) send it."""
    import functools
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    # The same host as Lighthouse is served by, with or without compression.
    Host = type("Host", (lighthouse.GzipHost,), {"compress": compress})

    server = lighthouse.LocalHost(("127.0.0.1", 0), functools.partial(Host, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sizes: list[int] = []
    paints: list[float] = []
    outside: list[str] = []
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            for folder in LANGUAGES.values():
                for name in WEIGHED_PAGES:
                    context = browser.new_context()  # empty cache: a first visit
                    page = context.new_page()
                    page.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if urlsplit(route.request.url).hostname == "127.0.0.1"
                            else (outside.append(route.request.url), route.abort())
                        ),
                    )
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                    received: list[int] = []
                    cdp.on(
                        "Network.loadingFinished", lambda event, got=received: got.append(event["encodedDataLength"])
                    )
                    page.goto(f"{base}/{folder}/{name}", wait_until="networkidle")
                    paint = page.evaluate(
                        "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0] || null"
                    )
                    sizes.append(sum(received))
                    if paint is not None:
                        paints.append(paint)
                    context.close()
        browser.close()
    server.shutdown()
    med = statistics.median
    sent = "gzipped" if compress else "uncompressed"
    return [
        (
            f"page weight, first visit, {sent} ({len(WEIGHED_PAGES)} pages x {len(LANGUAGES)} languages)",
            f"{med(sizes) / 1000:.0f} kB",
        ),
        ("  heaviest page", f"{max(sizes) / 1000:.0f} kB"),
        (f"first contentful paint on slow 4G, {sent}", f"{med(paints) / 1000:.2f} s"),
        ("  requests to other hosts", str(len(outside))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument("--weight-only", metavar="SITE", type=Path, help="only weigh the pages of a built site")
    parser.add_argument(
        "--lighthouse-only", metavar="SITE", type=Path, help="only run Lighthouse on every page of a built site"
    )
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    med = statistics.median

    if args.lighthouse_only:
        lighthouse.table(args.lighthouse_only)
        return

    if args.weight_only:
        for compress in (False, True):
            for name, value in page_weight(args.weight_only, args.repeat, compress):
                print(f"{name:<72}  {value}")
        return

    with tempfile.TemporaryDirectory(prefix="execdocs-bench-") as temporary:
        site = Site(Path(temporary) / "site")
        cold = median_of(args.repeat, site.clean, site.build)
        rows.append(("cold build, both languages", f"{med(r[0] for r in cold):.1f} s"))
        rows.append(("  examples run (en, zh)", str(cold[-1][2])))
        rows.append(("  peak memory of the build", f"{med(r[1] for r in cold) / 2**20:.0f} MiB"))

        noop = median_of(args.repeat, lambda: None, site.build)
        rows.append(("no-op rebuild, both languages", f"{med(r[0] for r in noop):.2f} s"))
        rows.append(("  examples run (en, zh)", str(noop[-1][2])))

        edited = site.folder / "examples/02_variable_same_name.py"
        original = edited.read_text(encoding="utf-8")
        counter = iter(range(1_000_000))

        def edit() -> None:
            edited.write_text(original + f"# edit {next(counter)}\n", encoding="utf-8")
            expected = site.folder / "examples/02_variable_same_name.out"
            os.utime(expected)

        after_edit = median_of(args.repeat, edit, site.build)
        rows.append(("rebuild after editing one example", f"{med(r[0] for r in after_edit):.1f} s"))
        rows.append(("  examples run (en, zh)", str(after_edit[-1][2])))

        plain = Site(Path(temporary) / "plain", execute=False)
        sphinx_cold = median_of(args.repeat, plain.clean, plain.build)
        sphinx_noop = median_of(args.repeat, lambda: None, plain.build)
        rows.append(("Sphinx alone (examples not run): cold", f"{med(r[0] for r in sphinx_cold):.1f} s"))
        rows.append(("Sphinx alone: no-op rebuild", f"{med(r[0] for r in sphinx_noop):.2f} s"))
        rows += page_weight(site.folder / "_build/html", args.repeat, compress=False)
        rows += page_weight(site.folder / "_build/html", args.repeat, compress=True)
        print("\nLighthouse, every page, on a phone (mobile) and a desktop:\n")
        lighthouse.table(site.folder / "_build/html")

        imports = [measure([sys.executable, "-c", "import tensorflow"], ROOT)[0] for _ in range(args.repeat)]
        rows.append(("one TensorFlow import", f"{med(imports):.1f} s"))

    scripts = example_scripts(ROOT / "examples")
    totals: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.repeat):
        for fork in (True, False):
            settings = from_conf_file(ROOT / "conf.py").run_settings(fork=fork)  # as the build runs them
            results = run_examples(scripts, ROOT, settings, workers=1)
            totals[fork].append(sum(result.seconds for result in results.values()))
    forked, fresh = med(totals[True]), med(totals[False])
    rows.append((f"{len(scripts)} examples, one after another: forked from a warm parent", f"{forked:.1f} s"))
    rows.append((f"{len(scripts)} examples, one after another: one fresh process each", f"{fresh:.1f} s"))
    rows.append(("  fresh / forked", f"{fresh / forked:.1f}x"))

    cold_s = med(r[0] for r in cold)
    budget = med(imports) + forked + med(r[0] for r in sphinx_cold)
    rows.append(("cold build / (TF import + examples forked + Sphinx alone)", f"{cold_s / budget:.2f}x (target <= 2)"))
    ratio = med(r[0] for r in noop) / med(r[0] for r in sphinx_noop)
    rows.append(("no-op rebuild / Sphinx alone no-op", f"{ratio:.2f}x (target <= 1.5)"))

    width = max(len(name) for name, _ in rows)
    print(f"\nmedians of {args.repeat} runs, {os.cpu_count()} cores\n")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
