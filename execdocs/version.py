"""The extension's version: what Sphinx is told, and part of every cached result's key."""

__version__ = "0.1.0"
