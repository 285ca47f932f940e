"""The links of a page's head that search engines read: full addresses from the site's address
(SITE_URL), and none at all without it (a relative hreflang is an error to them)."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def context_of(site_url: str, page: str) -> dict:
    with mock.patch.dict(os.environ, {"SITE_URL": site_url, "REPOSITORY_URL": ""}):
        conf = runpy.run_path(str(ROOT / "conf.py"))
    app = SimpleNamespace(config=SimpleNamespace(language="zh_CN", root_doc="index"), srcdir=str(ROOT / "docs"))
    context: dict = {}
    conf["_language_links"](app, page, "page.html", context, None)
    return context


def test_without_a_site_address_no_hreflang_is_written_but_the_switch_still_works() -> None:
    context = context_of("", "reuse")
    assert context["language_alternates"] == [] and context["language_default"] == ""
    assert [link["href"] for link in context["language_links"]] == ["../en/reuse.html"]


def test_with_a_site_address_every_translation_is_named_in_full() -> None:
    context = context_of("https://example.org/docs/", "index")
    assert [(link["hreflang"], link["absolute"]) for link in context["language_alternates"]] == [
        ("en", "https://example.org/docs/en/index.html"),
        ("zh-CN", "https://example.org/docs/zh-cn/index.html"),
    ]
    assert context["language_default"] == "https://example.org/docs/index.html"
    assert context_of("https://example.org/docs/", "reuse")["language_default"] == ""
