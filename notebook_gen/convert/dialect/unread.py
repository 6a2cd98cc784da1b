"""Dialect tags the parser did not read as tags, to explain a broken structure.

A ``</tf>`` that closes nothing usually has its ``<tf>`` hidden: inside a fence left open
by mistake, or on a line with other text. Guides also show tags inside fences on
purpose, so these are looked at only when the structure is broken, and built once per
page, in one pass, so that a page of thousands of stray tags stays linear.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from notebook_gen.convert.dialect.tags import TAG_NAMES

_ANY_TAG = re.compile(r"<(?P<close>/)?(?P<name>" + "|".join(TAG_NAMES) + r")\b[^<>]*>",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unread:
    """One tag the parser did not read, where it is and why (1-based lines)."""

    line: int
    fence: int | None
    """The line of the fence that runs over it, if one does."""

    def why(self) -> str:
        if self.fence is not None:
            return f"inside the fence opened at line {self.fence}"
        return "not on a line of its own"


@dataclass
class UnreadTags:
    """Unread openers and closers by tag name, found on first use."""

    lines: list[str]
    tokens: list[Token]
    _openers: dict[str, list[Unread]] | None = field(default=None, repr=False)
    _closers: dict[str, list[Unread]] = field(default_factory=dict, repr=False)

    def _index(self) -> dict[str, list[Unread]]:
        if self._openers is not None:
            return self._openers
        self._openers = {}
        read_lines = {t.map[0] for t in self.tokens if t.type == "dialect_tag" and t.map}
        fences = sorted((t.map[0], t.map[1]) for t in self.tokens
                        if t.type == "fence" and t.map is not None)
        starts = [start for start, _ in fences]
        for index, line in enumerate(self.lines):
            if "<" not in line or index in read_lines:  # the parser read it as a tag
                continue
            for found in _ANY_TAG.finditer(line):
                where = bisect.bisect_right(starts, index) - 1
                fence = fences[where][0] + 1 if where >= 0 and index < fences[where][1] else None
                table = self._closers if found["close"] else self._openers
                table.setdefault(found["name"].lower(), []).append(Unread(index + 1, fence))
        return self._openers

    def opener_before(self, name: str, line: int) -> Unread | None:
        """The last unread ``<name>`` above 1-based ``line``."""
        found = self._index().get(name, [])
        position = bisect.bisect_left(found, line, key=_line)
        return found[position - 1] if position else None

    def closer_after(self, name: str, line: int) -> Unread | None:
        """The first unread ``</name>`` below 1-based ``line``."""
        self._index()
        found = self._closers.get(name, [])
        position = bisect.bisect_right(found, line, key=_line)
        return found[position] if position < len(found) else None


def _line(unread: Unread) -> int:
    return unread.line
