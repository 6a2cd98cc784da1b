"""Reading a ``_toctree.yml`` as a stream of YAML events (see :mod:`.toctree`), in a module
of its own so that ``yaml`` is imported only when a toctree is read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import yaml

from notebook_gen.builder.inputs.toctree import TocEntry
from notebook_gen.errors import PageError

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
