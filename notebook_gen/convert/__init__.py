"""One page's text to its notebooks.

The stages, in order: ``parse`` (front matter, markdown-it block tokens, dialect tags as
tokens of their own), ``blocks`` with ``dialect/`` (prose, samples, installs, videos, with
their lines), ``frameworks`` (the variants: one framework's blocks), ``cells`` with
``samples`` (doctest split, expected outputs, tags), ``notebook`` and ``serialize``
(nbformat bytes). The entry point is :func:`notebook_gen.convert.page.convert_page`.
"""
