"""A language's ``_toctree.yml``: the order and titles of its pages, for the Colab index.

The file is a list of entries; an entry names a page (``local: tasks/asr``, ``title: ...``)
and/or holds nested ``sections`` under a ``title``. It is read as a YAML node tree so every
entry keeps its line, which warnings about missing pages point at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from notebook_gen.discover import PAGE_SUFFIXES, TOCTREE, Language
from notebook_gen.errors import PageError, PageWarning

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class TocEntry:
    """One page named by the toctree, in reading order."""

    local: str
    """Page path relative to the language folder, without suffix (``tasks/asr``)."""
    title: str | None
    section: str | None
    """Title of the top-level section the entry sits in, if any."""
    line: int


@dataclass(frozen=True)
class Toctree:
    """A language's toctree: entries in order, and the file it came from (``en/_toctree.yml``)."""

    entries: tuple[TocEntry, ...] = ()
    path: str | None = None


def _scalar(node: yaml.MappingNode, key: str) -> str | None:
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value).strip() or None
    return None


def _child(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node  # type: ignore[no-any-return]
    return None


def _walk(node: yaml.Node, section: str | None, top: bool) -> Iterator[TocEntry]:
    """Entries of a sequence node, depth first (a section's pages in place)."""
    if not isinstance(node, yaml.SequenceNode):
        return
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        title = _scalar(item, "title")
        local = _scalar(item, "local")
        if local is not None:
            yield TocEntry(local, title, section, item.start_mark.line + 1)
        nested = _child(item, "sections")
        if nested is not None:
            yield from _walk(nested, title if top else section, top=False)


def parse_toctree(text: str, path: str) -> Toctree:
    """The entries of a toctree's text; raises :class:`PageError` for invalid YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise PageError(path, line, f"not valid YAML ({problem})") from None
    if root is None:
        return Toctree((), path)
    if not isinstance(root, yaml.SequenceNode):
        raise PageError(path, root.start_mark.line + 1, "a toctree must be a list of entries")
    return Toctree(tuple(_walk(root, None, top=True)), path)


def _page_exists(folder: Path, local: str) -> bool:
    target = folder / local
    if target.suffix in PAGE_SUFFIXES and target.is_file():
        return True
    return any(target.with_name(target.name + suffix).is_file() for suffix in PAGE_SUFFIXES)


def read_toctree(root: Path, language: Language) -> tuple[Toctree, list[PageWarning]]:
    """The language's toctree (empty when it has none) and warnings for entries without a
    page. Raises :class:`PageError` when the file is not a valid toctree."""
    file = language.folder / TOCTREE
    if not file.is_file():
        return Toctree(), []
    relative = file.relative_to(root).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PageError(relative, None, f"cannot read: {error}") from None
    toctree = parse_toctree(text, relative)
    warnings = [
        PageWarning(relative, entry.line, f"entry {entry.local!r} has no page "
                    f"({entry.local}.md or .mdx in {language.prefix or './'})", "toctree")
        for entry in toctree.entries
        if not _page_exists(language.folder, entry.local)
    ]
    return toctree, warnings
