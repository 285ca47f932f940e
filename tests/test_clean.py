"""The cleaning rules, one table per rule, and the guard against build-machine paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from execdocs.config import from_conf_file
from execdocs.core.clean import (
    MachinePaths,
    clean_output,
    drop_frames_of,
    drop_lines,
    find_machine_paths,
    mask_addresses,
    mask_timestamps,
    normalize_newlines,
    relativize_paths,
    strip_ansi,
)

# The lines the site's conf.py drops from every output.
SITE_DROP_LINES = tuple(from_conf_file(Path(__file__).resolve().parents[1] / "conf.py").drop_lines)

PATHS = MachinePaths.of(
    [
        ("/srv/build/repo", ""),
        ("/srv/build/venv", "<python>"),
        ("/home/alice", "~"),
        ("/tmp/execdocs-x1", "<tmp>"),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[1;32mbold green\x1b[m", "bold green"),
        ("\x1b]0;title\x07plain", "plain"),
        ("no escapes", "no escapes"),
    ],
)
def test_strip_ansi(text: str, expected: str) -> None:
    assert strip_ansi(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I0000 00:00:1795626892.693857    2115 cudart_stub.cc:31] Could not find cuda drivers\nvar1:0\n",
            "var1:0\n",
        ),
        (
            "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\nx\n",
            "x\n",
        ),
        ("2017-07-25 23:00:01.123456: I tensorflow/core/platform/cpu_feature_guard.cc:141] AVX2\nx\n", "x\n"),
        ("WARNING:tensorflow:From /x/y.py:98: disable_resource_variables is deprecated\nx\n", "x\n"),
        ("E1125 17:14:52.123456 4242 session.cc:12] bad\n", ""),
        ("WARNING is a word\n", "WARNING is a word\n"),
        ("var1_1:0\n[2.]\n", "var1_1:0\n[2.]\n"),
    ],
)
def test_the_sites_settings_drop_tensorflows_log_lines(text: str, expected: str) -> None:
    assert drop_lines(text, SITE_DROP_LINES) == expected


def test_the_core_drops_no_line_of_its_own() -> None:
    """Which lines are noise is the site's setting (TensorFlow's), not the core's."""
    line = "WARNING:tensorflow:From /x/y.py:98: disable_resource_variables is deprecated\n"
    assert clean_output(line, PATHS) == line
    assert clean_output(line, PATHS, dropped_lines=SITE_DROP_LINES) == ""


def test_a_line_pattern_that_is_not_a_regular_expression_names_the_setting(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text('execdocs_drop_lines = ["INFO:(tensorflow"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"execdocs_drop_lines has 'INFO:\(tensorflow', which is not a regular"):
        from_conf_file(conf)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<RefVariable object at 0x7f3a2c1b9d50>", "<RefVariable object at 0x...>"),
        ("<function f at 0x7F3A2C1B>", "<function f at 0x...>"),
        ("value 0x7f3a2c1b9d50", "value 0x7f3a2c1b9d50"),
        (
            "<tf.Variable 'var1:0' shape=(1,) dtype=float32_ref>",
            "<tf.Variable 'var1:0' shape=(1,) dtype=float32_ref>",
        ),
    ],
)
def test_mask_addresses(text: str, expected: str) -> None:
    assert mask_addresses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saved at 2026-11-25 17:14:52.123456", "saved at <timestamp>"),
        ("saved at 2026-11-25T17:14:52Z", "saved at <timestamp>"),
        ("date 2017-07-25 only", "date 2017-07-25 only"),
    ],
)
def test_mask_timestamps(text: str, expected: str) -> None:
    assert mask_timestamps(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("a\nb", "a\nb"),
    ],
)
def test_normalize_newlines(text: str, expected: str) -> None:
    assert normalize_newlines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('File "/srv/build/repo/examples/a.py", line 3', 'File "examples/a.py", line 3'),
        ("/srv/build/venv/lib/python3.11/site-packages/tf.py", "<python>/lib/python3.11/site-packages/tf.py"),
        ("/home/alice/.keras/keras.json", "~/.keras/keras.json"),
        ("/tmp/execdocs-x1/out.txt", "<tmp>/out.txt"),
        ("cwd is /srv/build/repo", "cwd is ."),
        ("/srv/build/repository-other", "/srv/build/repository-other"),
    ],
)
def test_relativize_paths(text: str, expected: str) -> None:
    assert relativize_paths(text, PATHS) == expected


def test_drop_frames_of_runner() -> None:
    text = (
        "ValueError: Variable var3 already exists. Originally defined at:\n\n"
        '  File "examples/03.py", line 6, in <module>\n'
        '  File "/srv/build/repo/execdocs/driver.py", line 86, in run_script\n'
        '  File "<frozen runpy>", line 88, in _run_code\n\n'
    )
    cleaned = drop_frames_of(text, ["/srv/build/repo/execdocs/driver.py", "<frozen runpy>"])
    assert cleaned == (
        "ValueError: Variable var3 already exists. Originally defined at:\n\n"
        '  File "examples/03.py", line 6, in <module>\n\n'
    )


def test_a_dropped_frame_takes_its_source_line_along() -> None:
    """As TensorFlow 1.x lists where a variable was made, each frame with its line of code."""
    text = (
        "ValueError: Variable w already exists. Originally defined at:\n\n"
        '  File "examples/09.py", line 9, in <module>\n'
        '    w = tf.get_variable("w", shape=[1])\n'
        '  File "/srv/build/repo/docs/_ext/legacy_driver.py", line 53, in run_script\n'
        '    exec(compile(source, relpath, "exec"), namespace)\n'
        '  File "<packages>/tensorflow/python/ops/variables.py", line 1, in f\n'
        "    return g()\n\n"
    )
    assert drop_frames_of(text, ["/srv/build/repo/docs/_ext/legacy_driver.py"]) == (
        "ValueError: Variable w already exists. Originally defined at:\n\n"
        '  File "examples/09.py", line 9, in <module>\n'
        '    w = tf.get_variable("w", shape=[1])\n'
        '  File "<packages>/tensorflow/python/ops/variables.py", line 1, in f\n'
        "    return g()\n\n"
    )


def test_clean_output_applies_every_rule() -> None:
    raw = (
        "I0000 00:00:1795626892.693857    2115 cudart_stub.cc:31] Could not find cuda drivers\r\n"
        "\x1b[1mvar1:0\x1b[0m\r\n"
        "<object at 0x7f3a2c1b9d50> from /srv/build/repo/examples/a.py\n"
    )
    assert clean_output(raw, PATHS, dropped_lines=SITE_DROP_LINES) == "var1:0\n<object at 0x...> from examples/a.py\n"


@pytest.mark.parametrize(
    ("text", "leaks"),
    [
        ("var1:0\n[1.]\n", []),
        ("see /home/bob/x.py\n", ["see /home/bob/x.py"]),
        ("/root/.cache/pip\n", ["/root/.cache/pip"]),
        ("/tmp/other/file\n", ["/tmp/other/file"]),
        ("/usr/lib/python3/dist-packages/numpy\n", ["/usr/lib/python3/dist-packages/numpy"]),
        ("C:\\Users\\carol\\x.py\n", ["C:\\Users\\carol\\x.py"]),
        ("still /srv/build/repo here\n", ["still /srv/build/repo here"]),
        ("name_scope1/var1:0\n", []),
    ],
)
def test_find_machine_paths(text: str, leaks: list[str]) -> None:
    assert find_machine_paths(text, PATHS) == leaks


def test_find_machine_details_names_what_it_found_without_its_value() -> None:
    from execdocs.core.clean import MachineDetails, find_machine_details

    details = MachineDetails(
        folders=("/srv/build", "/home/alice"),
        words=("buildhost-17",),
        values=(("API_TOKEN", "tok-9f3a81c2e7d4"),),
    )
    assert find_machine_details("var1:0\nsrv/build is a word\n", PATHS, details) == []
    found = find_machine_details(
        "at /srv/build/other\nby buildhost-17\nkey tok-9f3a81c2e7d4\nid 0x7f3a2c1b\n", PATHS, details
    )
    assert found == [
        "a path of the build machine: 'at /srv/build/other'",
        "the build machine's user or host name",
        "the value of the builder's environment variable $API_TOKEN",
        "a memory address (0x...), which changes from run to run",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "key tok-9f3a\n81c2e7d4\n",
        "key tok-9f3a81c2\n    e7d4\n",
        "key tok-9f3a\u200b81c2e7d4\n",
        "key tok-9f3a81c2\u200c\u200de7d4\n",
        "key tok-9f3a81c2\u2060e7\ufeffd4\n",
        "key tok-9f3a81\u00adc2e7d4\n",
        "key TOK-9F3A81C2E7D4\n",
        "key Tok-9f3A\u200b81C2\ne7d4\n",
    ],
)
def test_a_secret_is_found_however_it_is_split_hidden_or_cased(text: str) -> None:
    from execdocs.core.clean import MachineDetails, find_machine_details

    details = MachineDetails(values=(("API_TOKEN", "tok-9f3a81c2e7d4"),))
    assert find_machine_details(text, PATHS, details) == ["the value of the builder's environment variable $API_TOKEN"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("by build\u200bhost-17\n", "the build machine's user or host name"),
        ("by BUILDHOST-17\n", "the build machine's user or host name"),
        ("by build\nhost-17\n", "the build machine's user or host name"),
        ("at /srv/bu\u200bild/other\n", "a path of the build machine: 'at /srv/build/other'"),
        ("at /srv/\nbuild/other\n", "a path of the build machine: 'at /srv/build/other'"),
    ],
)
def test_machine_names_and_folders_are_found_however_they_are_split_hidden_or_cased(text: str, found: str) -> None:
    from execdocs.core.clean import MachineDetails, find_machine_details

    details = MachineDetails(folders=("/srv/build",), words=("buildhost-17",))
    assert find_machine_details(text, PATHS, details) == [found]


def test_the_one_pass_guards_read_as_the_plain_patterns_did() -> None:
    """The line join and the machine-path guard are written to run in one pass over any line
    (tests/test_patterns.py); on short texts they must read as the plain patterns they replace."""
    import random
    import re

    from execdocs.core.clean import _MACHINE_PATH, _unbroken

    line_breaks = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
    machine_path = re.compile(
        r"(?:/home/[^/\s'\"]+|/Users/[^/\s'\"]+|/root(?=/)|/tmp(?=/)|/var/folders|"
        r"[A-Za-z]:\\(?:Users|Windows)|[\w./\\-]*(?:site|dist)-packages)"
    )
    generator = random.Random(5)
    for _ in range(50_000):
        text = "".join(generator.choice(" \t\r\nab") for _ in range(generator.randint(0, 12)))
        assert _unbroken(text) == line_breaks.sub("", text), repr(text)
        words = generator.choices(["site", "dist", "-packages", "-", "/", "home", "tmp", "C:\\Users", " ", "x"], k=6)
        line = "".join(words)
        assert bool(_MACHINE_PATH.search(line)) == bool(machine_path.search(line)), line
