"""The execution core: run example scripts in contained processes, clean and check their output,
cache the results and compare them with the committed ones.

Nothing here imports Sphinx or docutils (a test holds it to that): the docs build
(:mod:`execdocs.build`), the doctest and the command line (``python -m execdocs``) all use it.
"""
