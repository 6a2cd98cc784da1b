"""The nesting of component tags: which framework or option a line belongs to.

The site renders every page, broken or not, so a broken structure is recovered the way
an HTML parser recovers it, with a ``structure`` warning at the line where the problem
starts (``--strict`` makes those errors):

* a closing tag that matches an outer open tag also closes the ones opened inside it;
* a framework tag (``<tf>``) or option opened while a sibling (``<pt>``) is still open
  closes the sibling first, as ``<li>`` closes ``<li>``;
* a closing tag that matches nothing is ignored;
* a tag still open at the end of the page is closed there.

Only nesting deeper than :data:`MAX_DEPTH` is an error: no real page comes near it, and a
page that does would make a notebook of quadratic size. Every operation is constant time
(amortised), so the walk stays linear on hostile pages.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown_it.token import Token

from notebook_gen.convert.dialect.tags import FRAMEWORK_TAGS, TAG_NAMES, Tag
from notebook_gen.convert.frameworks import BY_TAG, framework_for_option
from notebook_gen.convert.options import STRUCTURE
from notebook_gen.errors import PageError, PageWarning

MAX_DEPTH = 32
"""Tags open at once; real pages nest four or five deep."""
MAX_WARNINGS = 50
"""Structure warnings reported per page; the rest are counted in one more."""

FRAMEWORK_PARENT = {**dict.fromkeys(FRAMEWORK_TAGS, "frameworkcontent"), "hfoption": "hfoptions"}


def parent_of(name: str) -> str | None:
    """The tag a framework or option tag belongs in; unknown names are framework tags
    (the parser claims them only right inside ``<frameworkcontent>``)."""
    if name not in TAG_NAMES:
        return "frameworkcontent"
    return FRAMEWORK_PARENT.get(name)


def framework_groups(tags: Iterable[tuple[int, Tag]]) -> set[int]:
    """Lines (1-based) of the ``<hfoptions>`` groups that are framework splits: every
    option names a framework. A choice of tools (PyTorch vs Accelerate) is not one."""
    groups: list[tuple[int, bool]] = []
    splits: set[int] = set()
    for line, tag in tags:
        if tag.name == "hfoptions" and not tag.closing:
            groups.append((line, True))
        elif tag.name == "hfoption" and not tag.closing and groups:
            start, split = groups[-1]
            groups[-1] = (start, split and framework_for_option(tag.attr("id")) is not None)
        elif tag.name == "hfoptions" and tag.closing and groups:
            start, split = groups.pop()
            if split:
                splits.add(start)
    splits.update(start for start, split in groups if split)
    return splits


@dataclass(slots=True)
class Open:
    """An open tag on the stack."""

    tag: Tag
    line: int
    framework: str | None
    """The framework this tag itself selects, if any."""
    scope: str | None
    """The framework of the lines inside it (its own, else its parent's)."""
    quote_depth: int


@dataclass
class TagStack:
    """Tracks open tags while the walker goes down the page."""

    path: str
    unread: UnreadTags
    split_groups: set[int] = field(default_factory=set)
    stack: list[Open] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)
    _positions: dict[str, list[int]] = field(default_factory=dict)
    _suppressed: int = 0

    @property
    def framework(self) -> str | None:
        return self.stack[-1].scope if self.stack else None

    @property
    def quote_depth(self) -> int:
        return self.stack[-1].quote_depth if self.stack else 0

    def _innermost(self, name: str) -> int:
        positions = self._positions.get(name)
        return positions[-1] if positions else -1

    def _pop(self) -> Open:
        entry = self.stack.pop()
        positions = self._positions[entry.tag.name]
        positions.pop()
        if not positions:  # only open names stay: the sibling search looks at each
            del self._positions[entry.tag.name]
        return entry

    def _close_down_to(self, size: int, by: str, line: int) -> None:
        while len(self.stack) > size:
            inner = self._pop()
            self.warn(inner.line, f"<{inner.tag.name}> is never closed; closed by {by} at "
                      f"line {line}")

    def open(self, tag: Tag, line: int) -> Open:
        if len(self.stack) >= MAX_DEPTH:
            raise PageError(self.path, line, f"<{tag.name}> is nested more than {MAX_DEPTH} "
                            "tags deep; no page needs that many (unclosed tags?)")
        parent = parent_of(tag.name)
        if parent is not None:
            self._close_sibling(tag, parent, line)
            if self._innermost(parent) < 0:
                self.warn(line, f"<{tag.name}> outside <{parent}>; treated as if inside one")
        if tag.name not in TAG_NAMES:
            self.warn(line, f"<{tag.name}> is not a framework this tool knows; its blocks go "
                      "to the mixed notebook only")
        framework = self._framework_of(tag)
        if framework and self.framework and framework != self.framework:
            self.warn(line, f"<{tag.name}> inside a {self.framework} block; it wins here")
        entry = Open(tag, line, framework, framework or self.framework,
                     self.quote_depth + (tag.name == "tip"))
        self._positions.setdefault(tag.name, []).append(len(self.stack))
        self.stack.append(entry)
        return entry

    def _close_sibling(self, tag: Tag, parent: str, line: int) -> None:
        """``<tf>`` while ``<pt>`` is open in the same group: ``<pt>`` ends here."""
        top = self._innermost(parent)
        siblings = [self._innermost(name) for name in self._positions
                    if name != parent and parent_of(name) == parent]
        sibling = max(siblings, default=-1)
        if sibling > top:
            self._close_down_to(sibling, f"<{tag.name}>", line)

    def close(self, tag: Tag, line: int) -> Open | None:
        """Close ``tag`` (and what is open inside it); None for a stray closer, ignored."""
        position = self._innermost(tag.name)
        if position < 0:
            self._stray(tag, line)
            return None
        self._close_down_to(position + 1, f"</{tag.name}>", line)
        return self._pop()

    def _stray(self, tag: Tag, line: int) -> None:
        hidden = self.unread.opener_before(tag.name, line)
        if hidden is not None:
            self.warn(hidden.line, f"<{tag.name}> is not read as a tag ({hidden.why()}), so "
                      f"</{tag.name}> at line {line} closes nothing; ignored")
            return
        inside = f" (innermost open tag: <{self.stack[-1].tag.name}>)" if self.stack else ""
        self.warn(line, f"</{tag.name}> closes no open <{tag.name}>{inside}; ignored")

    def finish(self) -> None:
        """Close what is still open at the end of the page."""
        while self.stack:
            inner = self._pop()
            hidden = self.unread.closer_after(inner.tag.name, inner.line)
            note = (f" (its </{inner.tag.name}> at line {hidden.line} is not read as a tag: "
                    f"{hidden.why()})" if hidden else "")
            self.warn(inner.line, f"<{inner.tag.name}> is never closed; closed at the end of "
                      f"the page{note}")
        if self._suppressed:
            self.warnings.append(PageWarning(self.path, None, f"{self._suppressed} more "
                                             "structure problems not listed", kind=STRUCTURE))
            self._suppressed = 0

    def warn(self, line: int, message: str) -> None:
        if len(self.warnings) >= MAX_WARNINGS:
            self._suppressed += 1
            return
        self.warnings.append(PageWarning(self.path, line, message, kind=STRUCTURE))

    def _framework_of(self, tag: Tag) -> str | None:
        if tag.name not in TAG_NAMES:
            return tag.name  # an unknown framework: in no framework's notebook
        if tag.name in BY_TAG:
            return BY_TAG[tag.name].name
        if tag.name == "hfoption":
            group = self._innermost("hfoptions")
            if group >= 0 and self.stack[group].line not in self.split_groups:
                return None
            framework = framework_for_option(tag.attr("id"))
            return framework.name if framework else None
        return None


# Dialect tags the parser did not read as tags, to explain a broken structure.
#
# A ``</tf>`` that closes nothing usually has its ``<tf>`` hidden: inside a fence left open
# by mistake, or on a line with other text. Guides also show tags inside fences on
# purpose, so these are looked at only when the structure is broken, and built once per
# page, in one pass, so that a page of thousands of stray tags stays linear.
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
