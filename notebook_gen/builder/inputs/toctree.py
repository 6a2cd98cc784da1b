"""A language's ``_toctree.yml``: the order and titles of its pages, for the Colab index.

The file is a list of entries; an entry names a page (``local: tasks/asr``, ``title: ...``)
and/or holds nested ``sections`` under a ``title``. It is read as a stream of YAML events so
every entry keeps its line, which warnings about missing pages point at.

This module imports ``yaml``: the build loads it only when it reads a toctree (never in a
no-op).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from notebook_gen.builder.inputs.discover import PAGE_SUFFIXES, TOCTREE, Language, Page, page_name
from notebook_gen.errors import PageError, PageWarning


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One page named by the toctree, in reading order."""

    local: str
    """Page path relative to the language folder, without suffix (``tasks/asr``)."""
    title: str | None
    section: str | None
    """Title of the top-level section the entry sits in, if any."""
    line: int | None


@dataclass(frozen=True)
class Toctree:
    """A language's toctree: entries in order, and the file it came from (``en/_toctree.yml``)."""

    entries: tuple[TocEntry, ...] = ()
    path: str | None = None


def parse_toctree(text: str, path: str) -> Toctree:
    """The entries of a toctree's text; raises :class:`PageError` for invalid YAML."""
    return Toctree(tuple(read_entries(text, path)), path)


def _strip_suffix(local: str) -> str:
    for suffix in PAGE_SUFFIXES:
        if local.endswith(suffix):
            return local[: -len(suffix)]
    return local


def read_toctrees(root: Path, languages: Iterable[Language], pages: Mapping[str, list[Page]],
                  ) -> dict[str, tuple[Toctree, list[PageWarning], PageError | None]]:
    """Each language's toctree (``pages`` by language code, as discovery found them), its
    warnings, and the error that left it empty (None when it was read)."""
    found: dict[str, tuple[Toctree, list[PageWarning], PageError | None]] = {}
    for language in languages:
        names = {page_name(page) for page in pages[language.code]}
        try:
            found[language.code] = (*read_toctree(root, language, names), None)
        except PageError as error:
            found[language.code] = (Toctree(), [], error)
    return found


def read_toctree(root: Path, language: Language, pages: Set[str],
                 ) -> tuple[Toctree, list[PageWarning]]:
    """The language's toctree (empty when it has none) and warnings for entries without a
    page. ``pages`` are the language's page names (``tasks/asr``), as discovery found
    them. Raises :class:`PageError` when the file is not a valid toctree."""
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
        if _strip_suffix(entry.local) not in pages
    ]
    return toctree, warnings


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Events = Iterator[yaml.Event]


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _skip(first: yaml.Event, events: Events) -> None:
    """Consume the value that ``first`` opens."""
    depth = 1 if isinstance(first, yaml.CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


MAX_DEPTH = 50
"""Levels of nested ``sections``: real toctrees use three or four. Deeper is refused with
an error naming the line, rather than walked (a hostile file can nest thousands)."""


@dataclass(slots=True)
class _Open:
    """An entry being read: its fields so far, and the entries of its ``sections``."""

    line: int | None
    section: str | None
    top: bool
    fields: dict[str, str | None] = field(default_factory=dict)
    nested: list[TocEntry] = field(default_factory=list)
    in_sections: bool = False
    """Its ``sections`` list is being read (the events belong to that list)."""

    def entries(self) -> list[TocEntry]:
        title = self.fields.get("title")
        nested = self.nested
        if self.top:  # a top-level entry's title names the section of the pages under it
            nested = [replace(entry, section=title) for entry in nested]
        local = self.fields.get("local")
        return ([TocEntry(local, title, self.section, self.line)] if local else []) + nested


def _field(entry: _Open, key: yaml.Event, events: Events, path: str,
           depth: int) -> None:
    """One key of an entry and its value; a ``sections`` list is opened, not read."""
    value = next(events)
    name = key.value if isinstance(key, yaml.ScalarEvent) else None
    if name in ("title", "local") and isinstance(value, yaml.ScalarEvent):
        entry.fields[name] = str(value.value).strip() or None
    elif name == "sections" and isinstance(value, yaml.SequenceStartEvent):
        if depth >= MAX_DEPTH:
            raise PageError(path, _line(value), f"sections nested more than {MAX_DEPTH} "
                            "deep; a table of contents is not that deep")
        entry.in_sections = True
    else:
        _skip(value, events)


def _entries(events: Events, path: str) -> list[TocEntry]:
    """Entries of the top-level sequence (whose start event was just read), depth first.

    A loop over a stack of open entries, not recursion: nesting costs no Python frames.
    """
    top: list[TocEntry] = []
    stack: list[_Open] = []
    for event in events:
        inside = stack[-1] if stack else None
        if inside is None or inside.in_sections:  # reading a list of entries
            if isinstance(event, yaml.SequenceEndEvent):
                if inside is None:
                    return top
                inside.in_sections = False
            elif isinstance(event, yaml.MappingStartEvent):
                section = inside.section if inside else None
                stack.append(_Open(_line(event), section, top=inside is None))
            else:
                _skip(event, events)
        elif isinstance(event, yaml.MappingEndEvent):
            done = stack.pop().entries()
            (stack[-1].nested if stack else top).extend(done)
        else:
            _field(inside, event, events, path, len(stack))
    return top


def read_entries(text: str, path: str) -> list[TocEntry]:
    """The entries of a toctree's text; raises :class:`PageError` for invalid YAML.

    Read as a stream of YAML events, not a node tree: every entry keeps its line, and a
    toctree of thousands of pages costs no more memory than its entries."""
    try:
        events = iter(yaml.parse(text, Loader=_Loader))
        for event in events:
            if isinstance(event, yaml.SequenceStartEvent):
                return _entries(events, path)
            if isinstance(event, yaml.NodeEvent):
                raise PageError(path, _line(event), "a toctree must be a list of entries")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise PageError(path, line, f"not valid YAML ({problem})") from None
    return []
