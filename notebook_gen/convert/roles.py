"""What each line of a page is, from its block tokens: the one reading of the page that
both page selection and conversion use.

Most lines are prose. Tokens mark the others: cuts (samples, installs, output fences,
dialect tags, build notes, front matter), verbatim prose (fences and HTML kept as
written), headings and alerts. A build note (licence comment) with text after its
``-->`` is cut, and that text is kept as the line's prose (:attr:`LineRoles.replaced`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from notebook_gen.convert.dialect.fences import FenceKind, classify_fence
from notebook_gen.convert.dialect.prose import build_note_rest, is_marker_line

DROP = "drop"
FRONT_MATTER = "front_matter"
PROSE, VERBATIM, HTML = "prose", "verbatim", "html"
"""What a line of prose is: Markdown (rewritten), kept as written (a fence shown as
text), or HTML (kept as written but for the link attributes of its tags)."""


@dataclass(frozen=True, slots=True)
class Cut:
    """Lines ``start..end`` (0-based, end excluded) that are not prose, and what they are:
    a dialect token's meta (tags), ``(FenceKind, content, first line)``, ``DROP``
    or ``(FRONT_MATTER, text)``."""

    end: int
    item: object


@dataclass
class LineRoles:
    cuts: dict[int, Cut] = field(default_factory=dict)
    verbatim: set[int] = field(default_factory=set)
    headings: set[int] = field(default_factory=set)
    alerts: set[int] = field(default_factory=set)
    replaced: dict[int, str] = field(default_factory=dict)
    """Lines whose prose is not the page's line (the text after a build note's ``-->``)."""
    html: set[int] = field(default_factory=set)
    """The verbatim lines that are an HTML block."""

    def kind(self, index: int) -> str:
        """:data:`PROSE`, :data:`VERBATIM` or :data:`HTML`, for a line that is not cut."""
        if index not in self.verbatim:
            return PROSE
        return HTML if index in self.html else VERBATIM

    def prose_lines(self, lines: list[str]) -> dict[int, str]:
        """Every line that is prose (rewritten, not kept verbatim), by 0-based index."""
        prose: dict[int, str] = {}
        index = 0
        while index < len(lines):
            cut = self.cuts.get(index)
            if cut is not None:
                index = cut.end
                continue
            if index not in self.verbatim:
                prose[index] = self.replaced.get(index, lines[index])
            index += 1
        return prose


def _note(token: Token, roles: LineRoles, heads_page: bool) -> bool:
    """Read an HTML block; True when it leaves nothing for a reader (a note, dropped)."""
    assert token.map is not None
    start, end = token.map
    rest = build_note_rest(token.content, heads_page)
    if rest is None:
        roles.verbatim.update(range(start, end))
        roles.html.update(range(start, end))
        return False
    if rest:
        roles.replaced[end - 1] = rest
        if end - 1 > start:
            roles.cuts[start] = Cut(end - 1, DROP)
        return False
    roles.cuts[start] = Cut(end, DROP)
    return True


def line_roles(tokens: list[Token]) -> LineRoles:
    """Where the cuts are, which lines are verbatim, headings, alerts or replaced."""
    roles = LineRoles()
    heads_page = True  # no block yet but front matter and notes
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "html_block":
            heads_page = _note(token, roles, heads_page) and heads_page
            continue
        if token.type != "front_matter":
            heads_page = False
        if token.type == "dialect_tag":
            roles.cuts[start] = Cut(start + 1, token.meta)
        elif token.type == "fence":
            kind = classify_fence(token.info, token.content)
            if kind is FenceKind.PROSE:
                roles.verbatim.update(range(start, end))
            else:
                roles.cuts[start] = Cut(end, (kind, token.content, start + 2))
        elif token.type == "front_matter":
            roles.cuts[start] = Cut(end, (FRONT_MATTER, token.content))
        elif token.type == "heading_open":
            roles.headings.add(start)
        elif token.type == "alert_open":
            roles.alerts.add(start)
    return roles


def marker_in_prose(lines: list[str], roles: LineRoles, candidates: list[int]) -> bool:
    """Whether one of the ``candidates`` (0-based lines holding the marker text) is a
    marker line in the prose, as conversion reads it."""
    prose = roles.prose_lines(lines)
    return any(index in prose and is_marker_line(prose[index]) for index in candidates)
