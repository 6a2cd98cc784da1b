"""Options that several sub-commands take, worded once.

``build --help`` and ``links --help`` describe ``DOCS_SOURCE``, ``--package`` and the other
shared options with the same words because both read them from :data:`SHARED`. A new shared
option is one more entry there, then its name in each command's :func:`add_shared` call.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.errors import NotebookGenError
from notebook_gen.report.files import REPORT_FILES

SETTINGS_EPILOG = ("Every long option can also be set in the [tool.notebook-gen] table of the "
                   "nearest pyproject.toml (keys with - or _); the command line wins.")


class UsageError(NotebookGenError):
    """The command was asked something that cannot be done as asked (exit status 2);
    ``hint`` says what would work."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Option:
    """One ``add_argument`` call: its flags (or positional name) and keyword arguments."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


SHARED: dict[str, Option] = {
    "source": Option(("source",), {
        "nargs": "?", "metavar": "DOCS_SOURCE",
        "help": "the docs root: one folder per language (en/, ko/, ...) holding its pages "
                "(*.md, *.mdx) and _toctree.yml, or one language's pages and _toctree.yml "
                "(default: docs/source)"}),
    "package": Option(("--package",), {
        "help": "the documented package, in link URLs, API anchors and the default install "
                "cell (default: inferred from the tree: the [[autodoc]] directives' common "
                "first name, the git+https URL in _config.py, then the folder holding docs/)"}),
    "docs_url": Option(("--docs-url",), {
        "help": "base URL of the published docs, for relative links "
                "(default: https://huggingface.co/docs)"}),
    "doc_version": Option(("--doc-version",), {
        "help": "the docs version in link URLs (default: main)"}),
    "raw_base": Option(("--raw-base",), {
        "help": "raw-file URL of the docs root, for relative image paths (default: none)"}),
    "external": Option(("--external",), {
        "action": "append", "metavar": "NAME=DOCS_SOURCE",
        "help": "resolve references into another library (`datasets.Dataset.map`) with its "
                "[[autodoc]] inventory: its docs folder, or a JSON file that `links "
                "--export-inventory` wrote; NAME@VERSION=... links that docs version "
                "(default: main); repeatable"}),
    "strict_links": Option(("--strict-links",), {
        "action": "store_true", "default": None,
        "help": "treat unresolved API references as errors (exit status 1)"}),
}
"""Shared option name (its ``dest``) -> how it is added."""


def add_shared(parser: argparse.ArgumentParser, *names: str) -> None:
    """Add the shared options ``names`` to ``parser``, in that order."""
    for name in names:
        option = SHARED[name]
        parser.add_argument(*option.flags, **option.kwargs)


def lazy(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A command's ``func`` that imports its implementation when the command runs: the
    parser of every command is built without loading any of them (``--help`` is quick)."""

    def run(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module(module), name)(args))

    run.__qualname__ = f"lazy({module}.{name})"
    return run


def add_report_files(parser: argparse.ArgumentParser) -> None:
    """Add ``--junit FILE``, ``--json FILE``, ... to ``parser``."""
    group = parser.add_argument_group("report files")
    for name, help_text in REPORT_FILES:
        group.add_argument(f"--{name}", metavar="FILE", type=Path, help=help_text)
