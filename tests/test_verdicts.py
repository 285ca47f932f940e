"""The audits' kept verdicts (tests/util.py, Verdicts): a page passed before is taken as passing
only while it and everything the audit reads are byte for byte the same."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.util import Verdicts, digest


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(f"<p>{name}</p>\n", encoding="utf-8")
    return tmp_path


def read(site: Path, name: str) -> bytes:
    return (site / name).read_bytes()


def test_a_verdict_is_kept_for_the_same_page_and_inputs_only(site: Path, request: pytest.FixtureRequest) -> None:
    name = "verdicts-probe"
    try:
        first = Verdicts(request.config, name, "audit 1", b"tool")
        assert not first.unchanged("a.html", read(site, "a.html")) and not first.unchanged(
            "b.html", read(site, "b.html")
        )
        first.passes("a.html", read(site, "a.html"))  # b.html failed: not kept
        first.save()

        again = Verdicts(request.config, name, "audit 1", b"tool")
        assert again.unchanged("a.html", read(site, "a.html"))
        assert not again.unchanged("b.html", read(site, "b.html"))
        assert not Verdicts(request.config, name, "audit 2", b"tool").unchanged("a.html", read(site, "a.html"))
        assert not Verdicts(request.config, name, "audit 1", b"tool", "fonts").unchanged("a.html", read(site, "a.html"))
        again.save()  # a.html still passes: kept

        (site / "a.html").write_text("<p>a.html, edited</p>\n", encoding="utf-8")
        edited = Verdicts(request.config, name, "audit 1", b"tool")
        assert not edited.unchanged("a.html", read(site, "a.html"))
        edited.save()  # audited again and failed: not kept
        (site / "a.html").write_text("<p>a.html</p>\n", encoding="utf-8")
        assert not Verdicts(request.config, name, "audit 1", b"tool").unchanged("a.html", read(site, "a.html"))
    finally:
        request.config.cache.set(f"execdocs/verdicts/{name}", None)


def test_without_pytest_cache_every_page_is_audited(site: Path) -> None:
    kept = Verdicts(SimpleNamespace(), "verdicts-probe", "audit")  # as under -p no:cacheprovider
    kept.passes("a.html", read(site, "a.html"))
    kept.save()
    assert not Verdicts(SimpleNamespace(), "verdicts-probe", "audit").unchanged("a.html", read(site, "a.html"))


def test_parts_are_told_apart() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x") == digest(b"x")
