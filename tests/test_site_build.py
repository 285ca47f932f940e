"""The built site as files: reproducible from build to build, and free of this machine's details.

`nox -s tests` builds the site twice from scratch (SITE_DIR and SITE_DIR_AGAIN), with the same
SOURCE_DATE_EPOCH and separate caches, before running the tests: the first forks every example from
the warm parent, the second runs every example in a fresh interpreter. Identical builds therefore
mean that the rendering is reproducible, that each example prints the same in both kinds of run,
and that two runs of it print the same.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent


def site(variable: str) -> Path:
    folder = os.environ.get(variable)
    if not folder or not (Path(folder) / "en/index.html").is_file():
        pytest.fail(f"no built site in ${variable}: run the tests through `nox -s tests`, which builds it")
    return Path(folder)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_timings(data: bytes) -> list[dict]:
    """examples.json without the run times, which no two runs share."""
    return [{k: v for k, v in record.items() if k != "seconds"} for record in json.loads(data)]


def test_two_clean_builds_are_byte_identical() -> None:
    first, second = files(site("SITE_DIR")), files(site("SITE_DIR_AGAIN"))
    assert sorted(first) == sorted(second)
    differing = sorted(name for name in first if first[name] != second[name])
    # examples.json records how long each example took to run (`seconds`): a measurement, so it
    # differs between two clean builds by nature. Everything else in it must be identical.
    timings = [name for name in differing if name.endswith("/examples.json")]
    for name in timings:
        assert without_timings(first[name]) == without_timings(second[name]), name
    assert [name for name in differing if name not in timings] == []
    print(f"{len(first)} files compared, {len(differing)} differ: {differing} (run times only)")


def machine_details() -> dict[str, str]:
    """Strings that would identify this machine or this build's environment."""
    details = {
        "repository root": str(ROOT),
        "home folder": str(Path.home()),
        "user folder": f"/home/{getpass.getuser()}/",
    }
    # A short host name ("vm") is an ordinary piece of text; a real one is distinctive.
    if len(socket.gethostname()) >= 6:
        details["host name"] = socket.gethostname()
    for name, value in os.environ.items():
        for part in {value, *value.split(os.pathsep)}:
            # Short values ("1", "en", "utf-8") are ordinary words on any page.
            if len(part) >= 8 and not part.isalpha():
                details[f"${name}"] = part
    return details


def test_no_built_file_holds_a_machine_detail() -> None:
    folder = site("SITE_DIR")
    details = machine_details()
    leaks = []
    for name, data in files(folder).items():
        text = data.decode("utf-8", errors="replace")
        leaks += [f"{name}: {what} ({value!r})" for what, value in details.items() if value in text]
    print(f"{len(files(folder))} files audited against {len(details)} machine details")
    assert leaks == []


def test_chinese_pages_have_no_english_prose() -> None:
    """Outside code, the only Latin words on the Chinese site are names (the glossary's "=" words)."""
    from bs4 import BeautifulSoup

    from tests.test_translation import glossary

    _, kept = glossary()
    folder = site("SITE_DIR") / "zh-cn"
    found = []
    for page in sorted(folder.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup(["script", "style", "pre", "code", "kbd", "nav"]):
            element.decompose()
        # A cross-reference repeats its target heading without the heading's code formatting;
        # the heading itself is checked where it stands.
        for element in soup.select("a.reference.internal"):
            element.decompose()
        text = soup.get_text(" ")
        # Two or more plain English words in a row: a phrase, not an identifier or a name.
        for phrase in re.findall(r"\b[A-Za-z]+(?: [A-Za-z]+)+\b", text):
            if not all(word in kept for word in phrase.split()):
                found.append(f"{page.name}: {phrase!r}")
    assert found == []


def test_home_page_tab_title_names_the_question_readers_search_for() -> None:
    """What a search engine shows for the home page: the question readers type (in Chinese,
    "name_scope 与 variable_scope 的区别"), then the site's title; the page's heading stays short."""
    from babel.messages.pofile import read_po
    from bs4 import BeautifulSoup

    import conf

    with (ROOT / "locales/zh_CN/LC_MESSAGES/sphinx.po").open("rb") as stream:
        chinese = read_po(stream)
    for folder, query, site_title in (
        ("en", "name_scope vs variable_scope", conf.TITLE),
        ("zh-cn", "name_scope 与 variable_scope 的区别", chinese[conf.TITLE].string),
    ):
        soup = BeautifulSoup((site("SITE_DIR") / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.title is not None and soup.h1 is not None
        for link in soup.h1.select("a.headerlink"):
            link.decompose()
        title, heading = soup.title.get_text(), soup.h1.get_text().strip()
        assert title.startswith(query) and title.endswith(site_title), (folder, title)
        assert "scope" not in heading and len(heading) <= 30, (folder, heading)


def test_chinese_site_names_itself_and_its_controls_in_chinese() -> None:
    """The tab title, the link preview's site name, and every accessible name, tooltip and
    placeholder on the Chinese site: Chinese, from the catalogues (names of the glossary aside)."""
    from babel.messages.pofile import read_po
    from bs4 import BeautifulSoup

    import conf
    from tests.test_translation import glossary

    _, kept = glossary()
    with (ROOT / "locales/zh_CN/LC_MESSAGES/sphinx.po").open("rb") as stream:
        title = read_po(stream)[conf.TITLE].string
    assert title and title != conf.TITLE
    found, previews = [], 0
    for page in sorted((site("SITE_DIR") / "zh-cn").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.title is not None and soup.title.get_text().endswith(title), page.name
        site_name = soup.find("meta", property="og:site_name")  # the index and search pages have none
        if site_name is not None:
            assert site_name["content"] == title, page.name
            previews += 1
        names = [
            str(element[attribute])
            for attribute in ("aria-label", "title", "placeholder", "alt")
            for element in soup.find_all(attrs={attribute: True})
        ]
        for name in names:
            found += [f"{page.name}: {name!r}" for word in re.findall(r"[A-Za-z]+", name) if word not in kept]
    assert previews >= 9
    assert sorted(set(found)) == []
