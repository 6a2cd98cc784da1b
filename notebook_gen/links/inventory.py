"""The API inventory: which page documents which object, read from the docs tree.

Every ``[[autodoc]] name`` directive (and the ``- member`` list under it) of every
page of every language is recorded with its page. Nothing of the documented
library is imported: the docs tree is the only source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.links.scanner import prose_lines
from notebook_gen.regular_file import read_regular
from notebook_gen.settings import DEFAULT_LANGUAGE

DEFAULT_LANG = DEFAULT_LANGUAGE
_AUTODOC_LINE = re.compile(r"^\s*(?:\[\[autodoc\]\][ \t]*[^\s\[]+[ \t]*)+$")
_AUTODOC_NAME = re.compile(r"\[\[autodoc\]\][ \t]*(?P<name>[^\s\[]+)")
_MEMBER = re.compile(r"^\s+-\s+(?P<member>\S+)\s*$")
# ``- all`` adds every documented public method, ``- none`` documents none.
ALL_MEMBERS = "all"
NO_MEMBERS = "none"


@dataclass(frozen=True, slots=True)
class ApiEntry:
    """One ``[[autodoc]]`` directive.

    ``name`` is written as on the page (``Trainer``, ``transformers.pipeline``,
    ``models.bert.modeling_bert.BertForPreTrainingOutput``); ``members`` is the
    ``- member`` list under it (``("all",)`` and ``()`` both mean "every public
    documented method", which the docs tree alone cannot enumerate).
    """

    name: str
    lang: str
    page: str
    line: int
    members: tuple[str, ...] = ()

    @property
    def lists_every_member(self) -> bool:
        """True when the published page documents every public method of the object."""
        return not self.members or ALL_MEMBERS in self.members


@dataclass(frozen=True)
class TreePages:
    """A docs tree as the link tools read it: its language folders and its pages.

    The build's discovery makes it
    (:func:`notebook_gen.builder.inputs.discover.tree_pages`), so that links and notebooks
    agree on what a page is; this package only reads it.
    """

    root: Path
    folders: Mapping[str, Path]
    """Language code -> folder (the root itself for a single-language tree)."""
    pages: tuple[tuple[str, str, Path], ...]
    """``(lang, page, path)``; ``page`` is relative to its language folder, without suffix."""


@dataclass(frozen=True)
class Inventory:
    """The pages of a docs tree, per language, and the API objects they document."""

    entries: tuple[ApiEntry, ...] = ()
    pages: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_tree(cls, tree: TreePages) -> Inventory:
        """Scan every page of the tree (all languages, or one unnamed language)."""
        entries: list[ApiEntry] = []
        pages: set[tuple[str, str]] = set()
        for lang, page, path in tree.pages:  # links leaving the tree are not listed
            pages.add((lang, page))
            try:  # an unreadable or binary page is the build's error to report, with its line
                text = page_text(path)
            except OSError:
                continue
            entries.extend(scan_autodoc(text, lang, page))
        return cls(tuple(entries), frozenset(pages))

    def has_page(self, lang: str, page: str) -> bool:
        """Whether ``<lang>/<page>.md`` (or ``.mdx``) exists in the tree."""
        return (lang, page) in self.pages

    def languages(self) -> tuple[str, ...]:
        """Languages that hold at least one page, sorted."""
        return tuple(sorted({lang for lang, _ in self.pages}))


def autodoc_names(line: str) -> list[str]:
    """The objects a directive line documents: ``[[autodoc]] name``, also written without
    the space (``[[autodoc]]name``) or several on one line; [] for any other line."""
    if "[[autodoc]]" not in line or not _AUTODOC_LINE.match(line):
        return []
    return [found["name"] for found in _AUTODOC_NAME.finditer(line)]


def page_text(path: Path) -> str:
    """A page's text as the link tools read it: bytes that are not UTF-8 replaced (the
    build reports them). Raises ``OSError``, also for a path that is not a regular file
    (a FIFO would block the read forever)."""
    return read_regular(path)[1].decode("utf-8", errors="replace")


def scan_autodoc(text: str, lang: str, page: str) -> Iterable[ApiEntry]:
    """Return the ``[[autodoc]]`` directives of one page, with their member lists (most
    pages have none: they cost one substring search)."""
    if "[[autodoc]]" not in text:
        return []
    found: list[ApiEntry] = []
    current: tuple[str, int] | None = None
    members: list[str] = []
    for number, line in prose_lines(text):
        names = autodoc_names(line)
        member = _MEMBER.match(line) if current else None
        if member:
            members.append(member["member"])
            continue
        if current and not line.strip():
            continue
        if current:
            found.append(ApiEntry(current[0], lang, page, current[1], tuple(members)))
            current, members = None, []
        if names:  # the member list under a line of several is the last one's
            found.extend(ApiEntry(name, lang, page, number, ()) for name in names[:-1])
            current = (names[-1], number)
    if current:
        found.append(ApiEntry(current[0], lang, page, current[1], tuple(members)))
    return found
