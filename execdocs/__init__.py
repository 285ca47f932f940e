"""Sphinx extension: run example scripts at build time and show their real output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from execdocs.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, the role, the settings and the build hooks."""
    from execdocs import build, catalogues, config, downloads, freshness, labels, render
    from execdocs.collector import ExamplesCollector
    from execdocs.directive import ExampleDirective
    from execdocs.role import OutputRole
    from execdocs.show import FillExamples

    config.register(app)
    labels.register(app)
    render.register(app)
    app.add_directive("example", ExampleDirective)
    app.add_role("output", OutputRole())
    app.add_env_collector(ExamplesCollector)
    app.add_post_transform(FillExamples)
    app.connect("builder-inited", build.on_builder_inited)
    app.connect("builder-inited", catalogues.check)
    app.connect("env-before-read-docs", build.on_env_before_read_docs)
    app.connect("env-get-outdated", build.on_env_get_outdated)
    app.connect("env-get-outdated", freshness.outdated_by_words)
    app.connect("env-updated", freshness.navigation_changed)
    app.connect("env-updated", build.on_env_updated)
    app.connect("build-finished", build.on_build_finished)
    app.connect("build-finished", downloads.on_build_finished)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 5,
    }
