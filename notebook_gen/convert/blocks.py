"""Block tokens to the page's blocks: prose, Python samples, installs, videos.

The walker goes down the page's own lines. Tokens mark the lines that are not prose
(samples, install blocks, tags, build notes, front matter); every other line is prose,
copied as the author wrote it, then rewritten by the dialect's prose rules. Cutting the
original lines by token maps, rather than rendering tokens back to Markdown, keeps the
prose byte-for-byte and finds samples wherever Markdown does (lists, quotes, tips).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.token import Token

from notebook_gen.convert.dialect import prose
from notebook_gen.convert.dialect.comments import is_build_note
from notebook_gen.convert.dialect.fences import FenceKind, classify_fence, install_cell_source
from notebook_gen.convert.dialect.structure import TagStack
from notebook_gen.convert.dialect.tags import Tag, match_tag
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.convert.parse import parse_blocks
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.model import Block, Install, Prose, Sample, Scope, Video

ProseRewrite = Callable[[str, int], str]
"""Rewrites a chunk of prose given the 1-based page line of its first line (links)."""

_DROP = "drop"
_FRONT_MATTER = "front_matter"


@dataclass(frozen=True)
class _Cut:
    """Lines ``start..end`` (0-based, end excluded) that are not prose."""

    end: int
    item: object


@dataclass(frozen=True)
class PageBlocks:
    blocks: list[Block]
    warnings: list[PageWarning]
    front_matter: str | None


def swallowed_tags(tokens: list[Token], lines: list[str]) -> list[tuple[int, int]]:
    """(fence line, tag line) pairs, 1-based, for dialect tags that a fence runs over:
    almost always a fence left open by mistake."""
    found: list[tuple[int, int]] = []
    for token in tokens:
        if token.type == "fence" and token.map is not None:
            start, end = token.map
            found.extend((start + 1, i + 1) for i in range(start + 1, end)
                         if "<" in lines[i] and match_tag(lines[i].strip()) is not None)
    return found


def _line_roles(tokens: list[Token]) -> tuple[dict[int, _Cut], set[int], set[int], set[int]]:
    """Where the cuts are, which lines are verbatim, which are headings and alerts."""
    cuts: dict[int, _Cut] = {}
    verbatim: set[int] = set()
    headings: set[int] = set()
    alerts: set[int] = set()
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "dialect_tag":
            cuts[start] = _Cut(start + 1, token.meta["tag"])
        elif token.type == "fence":
            kind = classify_fence(token.info, token.content)
            if kind is FenceKind.PROSE:
                verbatim.update(range(start, end))
            else:
                cuts[start] = _Cut(end, (kind, token.content, start + 2))
        elif token.type == "html_block":
            if is_build_note(token.content):
                cuts[start] = _Cut(end, _DROP)
            else:
                verbatim.update(range(start, end))
        elif token.type == "code_block":
            verbatim.update(range(start, end))
        elif token.type == "front_matter":
            cuts[start] = _Cut(end, (_FRONT_MATTER, token.content))
        elif token.type == "heading_open":
            headings.add(start)
        elif token.type == "alert_open":
            alerts.add(start)
    return cuts, verbatim, headings, alerts


@dataclass
class _Walker:
    """State of one walk down a page."""

    lines: list[str]
    tags: TagStack
    rewrite: ProseRewrite
    blocks: list[Block] = field(default_factory=list)
    buffer: list[tuple[int, str, int, bool]] = field(default_factory=list)
    heading_pending: bool = False
    front_matter: str | None = None

    def add_line(self, index: int, text: str, verbatim: bool) -> None:
        self.buffer.append((index, text, self.tags.quote_depth, verbatim))

    def flush(self, mixed_only: bool = False) -> None:
        first = next((i for i, line, _, _ in self.buffer if line.strip()), None)
        text = _render(self.buffer, self.rewrite) if first is not None else ""
        if first is not None and text.strip():
            scope = Scope(self.tags.framework)
            self.blocks.append(Prose(text, first + 1, scope, self.heading_pending, mixed_only))
            self.heading_pending = False
        self.buffer = []

    def emit(self, block: Block) -> None:
        self.flush()
        self.blocks.append(block)

    def on_tag(self, tag: Tag, index: int) -> None:
        line = index + 1
        if tag.name == "youtube":
            if not tag.closing:
                self.emit(Video(tag.attr("id"), line, Scope(self.tags.framework)))
            return
        if tag.closing:
            self.flush()
            self.tags.close(tag, line)
            return
        self.flush()
        opened = self.tags.open(tag, line)
        if opened.framework:
            known = BY_NAME.get(opened.framework)
            label = known.label if known else opened.framework
            self.buffer = [(index, f"**{label}**", 0, False)]
            self.flush(mixed_only=True)
        elif tag.name == "hfoption":
            self.buffer = [(index, f"**{tag.attr('id')}**", self.tags.quote_depth, False)]
            self.flush()
        elif tag.name == "tip":
            label = "Warning" if tag.attr("warning").strip().lower() == "true" else "Tip"
            self.add_line(index, f"**{label}**", verbatim=False)
            self.add_line(index, "", verbatim=False)

    def on_cut(self, start: int, item: object) -> None:
        if isinstance(item, Tag):
            self.on_tag(item, start)
        elif isinstance(item, tuple) and item[0] is FenceKind.PYTHON:
            self.emit(Sample(item[1], item[2], Scope(self.tags.framework)))
        elif isinstance(item, tuple) and item[0] is FenceKind.INSTALL:
            self.emit(Install(install_cell_source(item[1]), item[2], Scope(self.tags.framework)))
        elif isinstance(item, tuple) and item[0] == _FRONT_MATTER:
            self.front_matter = item[1]


def page_blocks(text: str, path: str, rewrite: ProseRewrite | None = None) -> PageBlocks:
    """The blocks of one page (``text`` with ``\\n`` line endings), in page order.

    Raises :class:`PageError` for tags that do not nest.
    """
    tokens = parse_blocks(text)
    cuts, verbatim, headings, alerts = _line_roles(tokens)
    lines = text.split("\n")
    walker = _Walker(lines, TagStack(path), rewrite or (lambda chunk, _line: chunk))
    try:
        _walk(walker, lines, cuts, verbatim, headings, alerts)
    except PageError as error:
        # Only now is a tag inside a fence suspicious: guides show tags in fences on purpose.
        swallowed = swallowed_tags(tokens, lines)
        if swallowed:
            error.message += (f" (the fence opened at line {swallowed[0][0]} runs over the tag"
                              f" at line {swallowed[0][1]})")
        raise
    return PageBlocks(walker.blocks, walker.tags.warnings, walker.front_matter)


def _walk(walker: _Walker, lines: list[str], cuts: dict[int, _Cut], verbatim: set[int],
          headings: set[int], alerts: set[int]) -> None:
    index = 0
    while index < len(lines):
        cut = cuts.get(index)
        if cut is not None:
            walker.on_cut(index, cut.item)
            index = cut.end
            continue
        line = lines[index]
        if index in headings:
            walker.flush()
            walker.heading_pending = True
            line = prose.heading_with_anchor(line)
        elif index in alerts:
            line = prose.alert_label(line)
        walker.add_line(index, line, index in verbatim)
        index += 1
    walker.flush()
    walker.tags.finish()


def _render(buffer: list[tuple[int, str, int, bool]], rewrite: ProseRewrite) -> str:
    """Prose lines to text: rewrite runs of non-verbatim lines, quote tip content."""
    out: list[str] = []
    run: list[str] = []
    run_key: tuple[int, bool] | None = None
    run_line = 0
    for index, text, depth, verbatim in [*buffer, (-1, "", -1, True)]:
        key = (depth, verbatim)
        if key != run_key and run_key is not None:
            chunk = "\n".join(run)
            if not run_key[1]:
                chunk = prose.rewrite_math(prose.remove_colab_marker(chunk))
                chunk = prose.collapse_blank_lines(rewrite(chunk, run_line))
            out.append(prose.quote(chunk, run_key[0]))
            run = []
        if not run:
            run_key, run_line = key, index + 1
        run.append(text)
    return prose.trim_quote_edges("\n".join(out).strip("\n"))
