"""Block tokens to the page's blocks: prose, Python samples, installs, videos.

The walker goes down the page's own lines. :mod:`~notebook_gen.convert.roles` says which
lines are not prose (samples, install blocks, tags, build notes, front matter); every
other line is prose, copied as the author wrote it (dedented to its container by
:mod:`~notebook_gen.convert.layout`), then rewritten by the dialect's prose rules.
Cutting the original lines by token maps, rather than rendering tokens back to Markdown,
keeps the prose byte-for-byte and finds samples wherever Markdown does (lists, quotes,
tips).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from notebook_gen.convert.dialect import prose
from notebook_gen.convert.dialect.fences import (
    FenceKind,
    classify_fence,
    defined_names,
    install_cell_source,
    is_traceback,
    looks_like_output,
)
from notebook_gen.convert.dialect.installs import why_not_in_colab
from notebook_gen.convert.dialect.prose import only_comments
from notebook_gen.convert.dialect.structure import TagStack, UnreadTags, framework_groups
from notebook_gen.convert.dialect.tags import OneLineBlock, Tag
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.convert.layout import Layout, dedent
from notebook_gen.convert.options import LOCAL_INSTALL
from notebook_gen.convert.parse import parse_blocks
from notebook_gen.convert.roles import (
    FRONT_MATTER,
    HTML,
    PROSE,
    VERBATIM,
    Cut,
    LineRoles,
    line_roles,
)
from notebook_gen.convert.samples import legacy_halves, split_sample
from notebook_gen.errors import PageWarning
from notebook_gen.model import Block, Install, Prose, Sample, Scope, Video

ProseRewrite = Callable[[str, int], str]
"""Rewrites a chunk of prose given the 1-based page line of its first line (links)."""
HtmlRewrite = Callable[[str], str]
"""Rewrites the link attributes of an HTML block's tags."""

_ONE_LINE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>\w*)\s+(?P<body>.*?)\s*(?P=fence)$")
"""```` ```bash pip install torch ``` ````: a fence written on one line."""


@dataclass(frozen=True)
class PageBlocks:
    blocks: list[Block]
    warnings: list[PageWarning]
    front_matter: str | None


@dataclass
class _Walker:
    """State of one walk down a page."""

    lines: list[str]
    tags: TagStack
    rewrite: ProseRewrite
    html_rewrite: HtmlRewrite
    layout: Layout
    blocks: list[Block] = field(default_factory=list)
    buffer: list[tuple[int, str, int, str]] = field(default_factory=list)
    """``(line index, text, quote depth, kind)``; kind as :meth:`LineRoles.kind` says."""
    heading_pending: bool = False
    front_matter: str | None = None
    after_sample: bool = False
    """Only blank lines since the last sample: a fence here may be its output."""
    warnings: list[PageWarning] = field(default_factory=list)
    """Warnings other than the tag structure's (install blocks kept as text)."""
    _unnamed: list[str] = field(default_factory=list)
    _names: set[str] = field(default_factory=set)

    def add_line(self, index: int, text: str, kind: str = PROSE) -> None:
        if text.strip():
            self.after_sample = False
        self.buffer.append((index, text, self.tags.quote_depth, kind))

    def dedented(self, index: int, text: str) -> str:
        """``text`` (line ``index``) dedented to its container in the cell being made."""
        if not text or text[0] not in " \t":
            return text
        first = self.buffer[0][0] if self.buffer else index
        return dedent(text, self.layout.strip(index, first))

    def flush(self) -> None:
        first = next((i for i, line, _, _ in self.buffer if line.strip()), None)
        text = _render(self.buffer, self.rewrite, self.html_rewrite) if first is not None \
            else ""
        if first is not None and text.strip() and not only_comments(text):
            scope = Scope(self.tags.framework)
            self.blocks.append(Prose(text, first + 1, scope, self.heading_pending))
            self.heading_pending = False
        self.buffer = []

    def emit(self, block: Block) -> None:
        self.flush()
        self.blocks.append(block)
        self.after_sample = isinstance(block, Sample)
        if isinstance(block, Sample):
            self._unnamed.append(block.source)

    def label(self, framework: str, line: int) -> None:
        """``**PyTorch**`` above a framework's blocks, in the mixed notebook only."""
        self.flush()
        known = BY_NAME.get(framework)
        text = f"**{known.label if known else framework}**"
        self.blocks.append(Prose(text, line, Scope(framework), mixed_only=True))

    def on_tag(self, tag: Tag, index: int) -> None:
        line = index + 1
        self.after_sample = False
        if tag.stray:
            self.tags.warn(line, f"{tag.stray!r} after the <{tag.name}> tag ignored")
        if tag.name == "youtube":
            if not tag.closing:
                self.emit(Video(tag.attr("id"), line, Scope(self.tags.framework)))
            return
        self.flush()
        if tag.closing:
            self.tags.close(tag, line)
            return
        opened = self.tags.open(tag, line)
        if opened.framework:
            self.label(opened.framework, line)
        elif tag.name == "hfoption":
            self.buffer = [(index, f"**{tag.attr('id')}**", self.tags.quote_depth, PROSE)]
            self.flush()
        elif tag.name == "tip":
            label = "Warning" if tag.attr("warning").strip().lower() == "true" else "Tip"
            self.add_line(index, f"**{label}**")
            self.add_line(index, "")

    def on_one_line(self, block: OneLineBlock, index: int) -> None:
        """``<pt>```bash pip install torch ```</pt>``: that framework's block, whose
        content is read as the fence it is written as."""
        self.on_tag(block.tag, index)
        fence = _ONE_LINE_FENCE.match(block.inner)
        kind = classify_fence(fence["info"], fence["body"] + "\n") if fence else FenceKind.PROSE
        if fence and kind not in (FenceKind.PROSE, FenceKind.LOCAL_INSTALL):
            self.on_fence((kind, fence["body"] + "\n", index + 1), index, index)
        else:
            if fence and kind is FenceKind.LOCAL_INSTALL:
                self.warn_local_install(fence["body"], index + 1)
            self.add_line(index, block.inner)
        self.on_tag(replace(block.tag, closing=True), index)

    def on_fence(self, item: tuple[FenceKind, str, int], start: int, end: int) -> None:
        kind, content, line = item
        if kind in (FenceKind.PYTHON, FenceKind.OUTPUT) and self._attach_output(kind, content):
            return
        scope = Scope(self.tags.framework)
        if kind is FenceKind.LOCAL_INSTALL:
            self.warn_local_install(content, line)
        if kind in (FenceKind.OUTPUT, FenceKind.LOCAL_INSTALL) or (
                kind is FenceKind.PYTHON and is_traceback(content)):
            for index in range(start, end):  # not after a sample: shown as written
                self.add_line(index, self.dedented(index, self.lines[index]), VERBATIM)
        elif kind is FenceKind.INSTALL:
            self.emit(Install(install_cell_source(content), line, scope))
        elif (halves := legacy_halves(content, line)) is not None:
            for framework, source, first in halves:
                self.label(framework, first - 1)
                self.emit(Sample(source, first, Scope(framework)))
        else:
            self.emit(Sample(content, line, scope))

    def warn_local_install(self, content: str, line: int) -> None:
        """Say why an install block stays text (``line``: its first line's, 1-based)."""
        for offset, command in enumerate(content.splitlines()):
            why = why_not_in_colab(command)
            if why is not None:
                self.warnings.append(PageWarning(
                    self.tags.path, line + offset, f"`{command.strip()}` is for a developer's "
                    f"machine ({why}): shown as text, not an install cell", LOCAL_INSTALL))
                return

    def _attach_output(self, kind: FenceKind, content: str) -> bool:
        """Make the fence the previous sample's output when it is one."""
        previous = self.blocks[-1] if self.blocks else None
        if not self.after_sample or not isinstance(previous, Sample):
            return False
        if previous.scope != Scope(self.tags.framework):
            return False
        if (kind is FenceKind.PYTHON and not is_traceback(content)
                and not looks_like_output(content, self._defined())):
            return False
        text = content.rstrip("\n")
        output = text if previous.output is None else f"{previous.output}\n{text}"
        self.blocks[-1] = replace(previous, output=output)
        self.buffer = []  # the blank lines between sample and output
        return True

    def _defined(self) -> set[str]:
        """Names the page's samples so far define (parsed once each, when first asked)."""
        for source in self._unnamed:
            for run in split_sample(source, 0):
                self._names |= defined_names(run.code)
        self._unnamed = []
        return self._names

    def on_cut(self, start: int, cut: Cut) -> None:
        item = cut.item
        if isinstance(item, dict):
            block = item.get("block")
            if isinstance(block, OneLineBlock):
                self.on_one_line(block, start)
            else:
                self.on_tag(item["tag"], start)
        elif isinstance(item, tuple) and isinstance(item[0], FenceKind):
            self.on_fence(item, start, cut.end)
        elif isinstance(item, tuple) and item[0] == FRONT_MATTER:
            self.front_matter = item[1]


def page_blocks(text: str, path: str, rewrite: ProseRewrite | None = None,
                html_rewrite: HtmlRewrite | None = None) -> PageBlocks:
    """The blocks of one page (``text`` with ``\\n`` line endings), in page order;
    ``rewrite`` rewrites prose (its links), ``html_rewrite`` the tags of HTML blocks.

    A broken tag structure is recovered, with warnings; raises :class:`PageError` only
    for tags nested deeper than any page needs.
    """
    tokens = parse_blocks(text)
    lines = text.split("\n")
    tags = [(t.map[0] + 1, t.meta["tag"]) for t in tokens if t.type == "dialect_tag" and t.map]
    stack = TagStack(path, UnreadTags(lines, tokens),
                     framework_groups(tags))
    walker = _Walker(lines, stack, rewrite or (lambda chunk, _line: chunk),
                     html_rewrite or (lambda chunk: chunk), Layout(tokens, lines))
    _walk(walker, line_roles(tokens))
    return PageBlocks(walker.blocks, [*walker.tags.warnings, *walker.warnings],
                      walker.front_matter)


def _walk(walker: _Walker, roles: LineRoles) -> None:
    lines = walker.lines
    index = 0
    autodoc = False
    """Inside an ``[[autodoc]]`` directive: its member list is dropped."""
    while index < len(lines):
        cut = roles.cuts.get(index)
        if cut is not None:
            walker.on_cut(index, cut)
            index, autodoc = cut.end, False
            continue
        if index in roles.headings:
            walker.flush()
            walker.heading_pending = True
        text: str | None = roles.replaced.get(index, lines[index])
        if index not in roles.verbatim and (autodoc or "[[autodoc]]" in lines[index]):
            text, autodoc = _autodoc(lines[index], autodoc)
        if text is None:
            index += 1
            continue
        line = walker.dedented(index, text)
        if index in roles.headings:
            line = prose.heading_with_anchor(line)
        elif index in roles.alerts:
            line = prose.alert_label(line)
        walker.add_line(index, line, roles.kind(index))
        index += 1
    walker.flush()
    walker.tags.finish()


def _autodoc(line: str, inside: bool) -> tuple[str | None, bool]:
    """``[[autodoc]] name`` as an API reference, its ``- member`` lines dropped (blank
    lines may come between): the line to keep (None to drop), and whether the directive
    goes on."""
    if inside and prose.is_autodoc_member(line):
        return None, True
    reference = prose.autodoc_reference(line)
    if reference is not None:
        return reference, True
    return line, inside and not line.strip()


def _render(buffer: list[tuple[int, str, int, str]], rewrite: ProseRewrite,
            html_rewrite: HtmlRewrite) -> str:
    """Prose lines to text: rewrite runs of Markdown lines and the tags of HTML lines,
    quote tip content."""
    out: list[str] = []
    run: list[str] = []
    run_key: tuple[int, str] | None = None
    run_line = 0
    for index, text, depth, kind in [*buffer, (-1, "", -1, VERBATIM)]:
        key = (depth, kind)
        if key != run_key and run_key is not None:
            chunk = "\n".join(run)
            if run_key[1] == PROSE:
                chunk = prose.rewrite_math(prose.remove_colab_marker(chunk))
                chunk = prose.collapse_blank_lines(rewrite(chunk, run_line))
            elif run_key[1] == HTML:
                chunk = html_rewrite(chunk)
            out.append(prose.quote(chunk, run_key[0]))
            run = []
        if not run:
            run_key, run_line = key, index + 1
        run.append(text)
    return prose.trim_quote_edges("\n".join(out).strip("\n"))
