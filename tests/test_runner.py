"""Running one script: isolation, capture, failures. Plain Python scripts, no TensorFlow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from execdocs.core.isolate import TURNED_OFF
from execdocs.core.runner import RunSettings, run_example, run_examples
from tests.util import site_settings


@pytest.fixture(params=[False, True], ids=["fresh", "forked"])
def fast(request: pytest.FixtureRequest) -> RunSettings:
    """Every behaviour holds both in a fresh interpreter and in a child of the warm parent."""
    return RunSettings(timeout=5, max_output_bytes=10_000, fork=request.param)


def script(root: Path, name: str, body: str) -> Path:
    path = root / "examples" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_cells_get_their_own_output(tmp_path: Path, fast: RunSettings) -> None:
    path = script(tmp_path, "cells.py", 'print("a")\n# %%\nprint("b")\nprint("c")\n# %%\nx = 1\n')
    result = run_example(path, tmp_path, fast)
    assert result.failure is None
    assert result.cells == ["a\n", "b\nc\n", ""]
    assert result.output == "a\nb\nc\n"


def test_output_written_to_the_file_descriptor_keeps_its_place(tmp_path: Path, fast: RunSettings) -> None:
    body = 'import os\nprint("python")\nos.write(1, b"raw\\n")\nprint("python again")\n'
    result = run_example(script(tmp_path, "fd.py", body), tmp_path, fast)
    assert result.output == "python\nraw\npython again\n"


def test_exception_is_trimmed_to_the_example_and_relative(tmp_path: Path, fast: RunSettings) -> None:
    body = """\
    import json

    def load():
        return json.loads("{")

    print("before")
    # %%
    load()
    """
    result = run_example(script(tmp_path, "raises.py", body), tmp_path, fast)
    assert result.failure is None
    assert result.exception == "json.decoder.JSONDecodeError"
    assert result.exception_line == 4  # the innermost line inside the example
    assert result.cells[0] == "before\n"
    assert result.cells[1].startswith('Traceback (most recent call last):\n  File "examples/raises.py", line 8')
    assert 'File "examples/raises.py", line 4, in load' in result.cells[1]
    assert "json/decoder.py" not in result.cells[1]
    assert str(tmp_path) not in result.output


def test_each_example_gets_a_fresh_process(tmp_path: Path, fast: RunSettings) -> None:
    first = script(tmp_path, "a.py", "import sys\nsys.modules['leak'] = 1\nprint('a')\n")
    second = script(tmp_path, "b.py", "import sys\nprint('leak' in sys.modules)\n")
    results = run_examples([first, second], tmp_path, fast)
    assert results[second].output == "False\n"


def test_script_stops_at_the_timeout(tmp_path: Path, fast: RunSettings) -> None:
    result = run_example(
        script(tmp_path, "hang.py", "while True:\n    pass\n"), tmp_path, RunSettings(timeout=1, fork=fast.fork)
    )
    assert "did not finish within 1 s" in result.failure


def processes_with(mark: str) -> list[int]:
    """Processes whose command line holds ``mark``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if mark.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("contain", [True, False], ids=["contained", "uncontained"])
def test_child_processes_are_stopped_with_the_script(tmp_path: Path, fast: RunSettings, contain: bool) -> None:
    """Whatever the script started is stopped with it: by its namespace's end where it is contained,
    by the kill of its process group where it is not."""
    mark = f"execdocs-child-{uuid.uuid4().hex}"
    body = f"""\
    import subprocess, sys
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "{mark}"])
    print("started")
    """
    settings = replace(fast, contain=contain)
    result = run_example(script(tmp_path, "spawn.py", body), tmp_path, settings)
    assert (result.failure, result.output) == (None, "started\n")
    assert (result.isolation == TURNED_OFF) == (not contain)
    # A killed process leaves /proc a moment after the signal; one that was not killed sleeps on.
    deadline = time.monotonic() + 2
    while (left := processes_with(mark)) and time.monotonic() < deadline:
        time.sleep(0.02)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_signal_is_named(tmp_path: Path, fast: RunSettings) -> None:
    body = "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n"
    assert run_example(script(tmp_path, "kill.py", body), tmp_path, fast).failure == "it was killed by signal SIGTERM"


def test_stdin_is_empty(tmp_path: Path, fast: RunSettings) -> None:
    body = "import sys\nprint(repr(sys.stdin.read()))\n"
    assert run_example(script(tmp_path, "stdin.py", body), tmp_path, fast).output == "''\n"


def test_files_written_land_outside_the_repository(tmp_path: Path, fast: RunSettings) -> None:
    body = 'open("made.txt", "w").write("x")\nimport os\nprint(os.listdir("."))\n'
    result = run_example(script(tmp_path, "writes.py", body), tmp_path, fast)
    assert result.output == "['made.txt']\n"
    assert not list(tmp_path.rglob("made.txt"))


def test_undecodable_output_is_refused(tmp_path: Path, fast: RunSettings) -> None:
    body = 'import sys\nsys.stdout.buffer.write(b"ok\\n\\xff\\n")\n'
    failure = run_example(script(tmp_path, "bytes.py", body), tmp_path, fast).failure
    assert "not UTF-8 (the first at byte 3" in failure


def test_huge_output_is_capped_at_a_line_end(tmp_path: Path, fast: RunSettings) -> None:
    body = 'for i in range(10_000):\n    print(f"line {i:05d}")\n'
    result = run_example(script(tmp_path, "big.py", body), tmp_path, fast)
    assert result.failure is None
    assert result.truncated_from == 110_000
    assert len(result.output.encode()) <= 10_000
    assert result.output.endswith("\n")
    assert result.output.splitlines()[-1].startswith("line ")


def test_build_machine_path_in_output_fails(tmp_path: Path, fast: RunSettings) -> None:
    body = "import sys\nprint(sys.executable)\n"
    result = run_example(script(tmp_path, "leak.py", body), tmp_path, fast)
    assert result.output.startswith("<python>/")
    body = "print('/home/someone/private/notes.txt')\n"
    result = run_example(script(tmp_path, "leak2.py", body), tmp_path, fast)
    assert "would show a path of the build machine" in result.failure


def test_sys_exit_nonzero_fails_and_zero_does_not(tmp_path: Path, fast: RunSettings) -> None:
    zero = run_example(script(tmp_path, "zero.py", "import sys\nprint(1)\nsys.exit(0)\nprint(2)\n"), tmp_path, fast)
    assert (zero.failure, zero.output) == (None, "1\n")
    three = run_example(script(tmp_path, "three.py", "import sys\nsys.exit(3)\n"), tmp_path, fast)
    assert three.failure == "it called sys.exit(3)"


def test_cell_marker_inside_statement_fails_with_its_line(tmp_path: Path, fast: RunSettings) -> None:
    result = run_example(script(tmp_path, "cell.py", "if True:\n    a = 1\n# %%\n    b = 2\n"), tmp_path, fast)
    assert result.failure_line == 3


@pytest.mark.parametrize("name", ["a.py", "b.py"])
def test_local_module_is_importable(tmp_path: Path, fast: RunSettings, name: str) -> None:
    script(tmp_path, "_shared.py", "VALUE = 42\n")
    result = run_example(script(tmp_path, name, "import _shared\nprint(_shared.VALUE)\n"), tmp_path, fast)
    assert result.output == "42\n"


def test_global_state_does_not_leak_between_forked_runs(tmp_path: Path) -> None:
    forked = RunSettings(timeout=30, fork=True)
    first = script(tmp_path, "a.py", "import json\njson.leaked = True\nimport os\nos.chdir('/')\nprint('a')\n")
    second = script(tmp_path, "b.py", "import json, os\nprint(hasattr(json, 'leaked'), os.getcwd() == '/')\n")
    assert run_examples([first, second], tmp_path, forked, workers=1)[second].output == "False False\n"


PRELOADED = RunSettings(timeout=30, fork=True, preload=("tensorflow",))


def test_script_that_sets_the_environment_runs_fresh(tmp_path: Path) -> None:
    body = "import os\nos.environ['X'] = '1'\nimport sys\nprint('tensorflow' in sys.modules)\n"
    result = run_example(script(tmp_path, "env.py", body), tmp_path, PRELOADED)
    assert result.output == "False\n"  # a forked child would have TensorFlow imported already


def test_forked_runs_start_with_the_preloaded_modules_imported(tmp_path: Path) -> None:
    body = "import sys\nprint('tensorflow' in sys.modules, 'wave' in sys.modules)\n"
    warm = script(tmp_path, "warm.py", body)
    assert run_example(warm, tmp_path, PRELOADED).output == "True False\n"
    # The core preloads nothing of its own: what the parent imports is the project's setting.
    assert run_example(warm, tmp_path, RunSettings(timeout=30, fork=True)).output == "False False\n"
    assert run_example(warm, tmp_path, RunSettings(timeout=30, fork=True, preload=("wave",))).output == "False True\n"


def test_the_declared_environment_is_the_projects_and_the_result_names_its_release(tmp_path: Path) -> None:
    body = "import os\nprint(sorted(k for k in os.environ if k.startswith('TF_')))\n"
    env = script(tmp_path, "env.py", body)
    assert run_example(env, tmp_path, RunSettings(timeout=30)).output == "[]\n"
    site = site_settings(timeout=30.0)
    result = run_example(env, tmp_path, site)
    assert result.output == f"{sorted(k for k in site.env if k.startswith('TF_'))}\n" != "[]\n"
    assert result.provenance is not None and result.provenance.startswith("2.")
    assert run_example(env, tmp_path, RunSettings(timeout=30)).provenance is None


def test_examples_get_only_the_declared_environment(tmp_path: Path, fast: RunSettings, monkeypatch) -> None:
    monkeypatch.setenv("EXECDOCS_TEST_TOKEN", "tok-9f3a81c2e7d4")
    body = "import os\nprint(os.environ.get('EXECDOCS_TEST_TOKEN'))\nprint(os.environ.get('GIVEN'))\n"
    settings = RunSettings(timeout=30, fork=fast.fork, env={"GIVEN": "declared-1"})
    result = run_example(script(tmp_path, "env.py", body), tmp_path, settings)
    assert (result.failure, result.output) == (None, "None\ndeclared-1\n")


def test_output_holding_a_builder_environment_value_is_refused(tmp_path: Path, fast: RunSettings, monkeypatch) -> None:
    monkeypatch.setenv("EXECDOCS_TEST_TOKEN", "tok-9f3a81c2e7d4")
    # However the example came by it (a file, another process), the value never reaches a page.
    body = "print('token: ' + 'tok-9f3a' + '81c2e7d4')\n"
    result = run_example(script(tmp_path, "token.py", body), tmp_path, fast)
    assert "the value of the builder's environment variable $EXECDOCS_TEST_TOKEN" in result.failure
    assert "tok-9f3a81c2e7d4" not in result.failure


@pytest.mark.parametrize(
    ("printed", "what"),
    [
        ("'/tmp/build-cache/key.pem'", "a path of the build machine"),
        ("__import__('tempfile').gettempdir.__module__ and '/var/tmp/x'", "a path of the build machine"),
        ("__import__('pathlib').Path.home.__name__ and '/root/.ssh/id_rsa'", "a path of the build machine"),
        ("str(__import__('pathlib').Path(__file__).resolve().parents[2])", "a path of the build machine"),
        ("str(__import__('pathlib').Path(__file__).resolve().parents[2] / 'sibling' / 'x')", "a path of the build"),
        ("hex(id(object()) | 0x10000000)", "a memory address"),
        ("'at 0X7F3A2C1B9D50'.lower().upper()", "a memory address"),
    ],
)
def test_nothing_of_the_machine_reaches_the_output(tmp_path: Path, fast: RunSettings, printed: str, what: str) -> None:
    repo = tmp_path / "repo"
    result = run_example(script(repo, "leak.py", f"print({printed})\n"), repo, fast)
    assert result.failure is not None and what in result.failure, result.output


def test_the_examples_own_folder_is_shown_by_its_label(tmp_path: Path, fast: RunSettings) -> None:
    body = "import os, tempfile\nprint(os.getcwd(), tempfile.gettempdir(), os.path.expanduser('~'))\n"
    result = run_example(script(tmp_path, "own.py", body), tmp_path, fast)
    assert (result.failure, result.output) == (None, "<tmp> <tmp> <tmp>\n")


def write_bytes(root: Path, name: str, data: bytes) -> Path:
    path = root / "examples" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_sources_in_other_encodings_run_as_by_hand(tmp_path: Path, fast: RunSettings) -> None:
    latin = write_bytes(tmp_path, "latin.py", "# -*- coding: latin-1 -*-\nprint('café')\n".encode("latin-1"))
    bom = write_bytes(tmp_path, "bom.py", b"\xef\xbb\xbfprint('with a byte-order mark')\n")
    results = run_examples([latin, bom], tmp_path, fast)
    assert (results[latin].failure, results[latin].output) == (None, "café\n")
    assert (results[bom].failure, results[bom].output) == (None, "with a byte-order mark\n")


def test_undecodable_source_fails_naming_its_line(tmp_path: Path, fast: RunSettings) -> None:
    bad = write_bytes(tmp_path, "bad.py", b"print('ok')\nprint('\xff')\n")
    result = run_example(bad, tmp_path, fast)
    assert "cannot be decoded" in result.failure and "save it as UTF-8" in result.failure
    assert result.failure_line == 2


def test_a_character_split_across_two_cells_is_shown_whole(tmp_path: Path, fast: RunSettings) -> None:
    body = 'import sys\nsys.stdout.buffer.write(b"a\\xe4\\xb8")\n# %%\nsys.stdout.buffer.write(b"\\xad\\n")\n'
    result = run_example(script(tmp_path, "split.py", body), tmp_path, fast)
    assert (result.failure, result.cells) == (None, ["a中", "\n"])


def test_the_capture_never_holds_more_than_the_cap() -> None:
    """However much a run prints, at no moment is more kept than the cap and the stderr tail."""
    from execdocs.core.capture import CHUNK, STDERR_KEPT, Capture

    capture = Capture(10_000, cells=1)
    out, err, _, _ = capture.child_fds
    body = "import os\nfor i in range(128):\n    os.write(1, b'o' * 65536)\n    os.write(2, (b'%05d' % i) * 13107)\n"
    child = subprocess.Popen([sys.executable, "-c", body], stdout=out, stderr=err)
    while child.poll() is None:
        capture.pump(0.02)
    capture.drain()
    capture.close()
    assert capture.stdout_size == 128 * 65536
    assert bytes(capture.stdout) == b"o" * 10_000
    assert len(capture.stderr) == STDERR_KEPT and bytes(capture.stderr).endswith(b"00127" * 13107)
    assert 10_000 <= capture.peak <= 10_000 + STDERR_KEPT + CHUNK


@pytest.mark.parametrize(
    "printed",
    [
        "'tok-9f3a\\n81c2e7d4'",  # split over two lines
        "'tok-9f3a\\u200b81c2\\u00ade7d4'",  # invisible characters inside
        "'TOK-9F3A81C2E7D4'",  # another case
    ],
    ids=["split", "invisible", "case"],
)
def test_a_builder_environment_value_is_refused_however_it_is_spelled(
    tmp_path: Path, fast: RunSettings, monkeypatch, printed: str
) -> None:
    monkeypatch.setenv("EXECDOCS_TEST_TOKEN", "tok-9f3a81c2e7d4")
    result = run_example(script(tmp_path, "token.py", f"print({printed})\n"), tmp_path, fast)
    assert "the value of the builder's environment variable $EXECDOCS_TEST_TOKEN" in (result.failure or "")


AS_BY_HAND = """\
import multiprocessing
import pickle
import sys


class Point:
    def __init__(self, x):
        self.x = x


def square(n):
    return n * n


# A spawned worker runs this file again, as __mp_main__: only what the guard keeps runs once.
if __name__ == "__main__":
    main = sys.modules["__main__"]
    print(__name__, sys.argv[0], __file__ == main.__file__, sys.path[0] == __file__.rsplit("/", 1)[0])
    print(pickle.loads(pickle.dumps(Point(3))).x)
# %%
if __name__ == "__main__":
    for method in ("fork", "spawn"):
        with multiprocessing.get_context(method).Pool(2) as pool:
            print(method, pool.map(square, [1, 2, 3]))
"""


def test_the_script_runs_as_by_hand(tmp_path: Path, fast: RunSettings) -> None:
    """As ``__main__``: what it defines pickles, and pools of both start methods find its functions."""
    path = script(tmp_path, "by_hand.py", AS_BY_HAND)
    settings = replace(fast, timeout=60)
    by_hand = subprocess.run(
        [sys.executable, "examples/by_hand.py"], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=60
    )
    result = run_example(path, tmp_path, settings)
    assert (result.failure, result.exception) == (None, None), result.cells
    cells = ["__main__ examples/by_hand.py True True\n3\n", "fork [1, 4, 9]\nspawn [1, 4, 9]\n"]
    assert result.output == by_hand.stdout == "".join(cells)
    assert result.cells == cells
