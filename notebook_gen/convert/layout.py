"""Indentation for a notebook cell: dedent prose to its container, as MDX reads it.

In MDX indentation means nothing by itself: the body of an indented ``<Tip>`` is a
paragraph. Jupyter's Markdown reads four columns of indentation as a code block, and a
markdown cell is cut out of the page: the paragraph that continues a list item after an
extracted sample starts a cell whose list item stayed in the previous one. Both would
show prose in a monospace box. The rule, for every block of a cell:

* a container (list item) whose first line is in an earlier cell is gone from this one:
  its content moves to where the container itself stood;
* a block indented four columns or more beyond its container's content moves back to
  that content column (three or fewer are kept, byte for byte);
* a block's lines move with its first line, never past their own indentation.

Blockquotes and alerts move as one block: their inside is left as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

_CONTAINERS = {"list_item_open": "item", "blockquote_open": "quote", "alert_open": "quote"}
_LEAVES = frozenset({"paragraph_open", "heading_open", "fence", "html_block"})
"""Blocks whose lines reach a cell as prose (tags and front matter never do)."""
_CLOSERS = frozenset({"list_item_close", "blockquote_close", "alert_close"})
_MARKER = re.compile(r"(?P<marker>[-+*]|\d{1,9}[.)])(?P<space>[ \t]*)(?P<rest>.*)")
_CODE_INDENT = 4
"""Columns of indentation that CommonMark (and so Jupyter) reads as a code block."""


def indent_width(line: str) -> int:
    """Columns of leading whitespace (tabs stop every four columns, as in CommonMark)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def dedent(line: str, columns: int) -> str:
    """``line`` without ``columns`` columns of leading whitespace (fewer if it has less)."""
    if columns <= 0:
        return line
    width = 0
    for position, char in enumerate(line):
        if width >= columns or char not in " \t":
            return " " * (width - columns) + line[position:]
        width += 1 if char == " " else 4 - width % 4
    return ""


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str
    """``item``, ``quote`` or ``leaf``."""
    start: int
    parent: int
    col: int
    content: int
    """Column of an item's content; the node's own column for the others."""


class Layout:
    """Where each line of a page sits in its block structure, and how far to dedent it."""

    def __init__(self, tokens: list[Token], lines: list[str]) -> None:
        self.lines = lines
        self.tokens: list[Token] | None = tokens
        self.nodes: list[_Node] = []
        self.owner: list[int] = []
        self._memo: dict[tuple[int, int], int] = {}

    def _build(self, tokens: list[Token]) -> None:
        """The block tree, made when a first indented line asks for it (most pages of a
        tree have few, many have none)."""
        self.owner = [-1] * len(self.lines)
        stack: list[int] = []
        for token in tokens:
            if token.type in _CLOSERS:
                stack.pop()
                continue
            kind = _CONTAINERS.get(token.type) or ("leaf" if token.type in _LEAVES else None)
            if kind is None or token.map is None:
                continue
            node = self._add(kind, token.map, stack[-1] if stack else -1)
            if kind != "leaf":
                stack.append(node)

    def _add(self, kind: str, span: list[int], parent: int) -> int:
        start, end = span
        outer = self.nodes[parent] if parent >= 0 else None
        same_line = outer is not None and outer.start == start
        col = outer.content if same_line and outer else indent_width(self.lines[start])
        content = _content_column(self.lines[start], col) if kind == "item" else col
        self.nodes.append(_Node(kind, start, parent, col, content))
        number = len(self.nodes) - 1
        self.owner[start:end] = [number] * (end - start)
        return number

    def strip(self, index: int, first: int) -> int:
        """Columns to remove from line ``index`` in a cell whose first page line is
        ``first`` (both 0-based)."""
        if self.tokens is not None:
            self._build(self.tokens)
            self.tokens = None
        node = self.owner[index]
        if node < 0:
            return 0
        key = (node, first)
        shift = self._memo.get(key)
        if shift is None:
            shift = self._memo[key] = self._shift(node, first)
        return min(shift, indent_width(self.lines[index]))

    def _shift(self, node: int, first: int) -> int:
        chain: list[_Node] = []
        while node >= 0:
            chain.append(self.nodes[node])
            node = self.nodes[node].parent
        old_content = new_content = 0
        shift = 0
        for entry in reversed(chain):
            if entry.kind == "item" and entry.start < first:
                old_content = entry.content  # the item's marker is in an earlier cell
                shift = old_content - new_content
                continue
            excess = max(0, entry.col - old_content)
            new_col = new_content + (excess if excess < _CODE_INDENT else 0)
            shift = entry.col - new_col
            if entry.kind != "item":
                return shift
            old_content, new_content = entry.content, entry.content - shift
        return shift


def _content_column(line: str, col: int) -> int:
    """Column where a list item's content starts (CommonMark: one to four spaces after
    the marker; five or more, or none before the end of the line, mean one)."""
    found = _MARKER.match(dedent(line, col))
    if found is None:
        return col
    after = col + len(found["marker"])
    spaces = indent_width(" " * after + found["space"]) - after
    if not found["rest"].strip() or spaces > _CODE_INDENT or spaces == 0:
        return after + 1
    return after + spaces
