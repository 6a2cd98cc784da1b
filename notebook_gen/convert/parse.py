"""Page text to block tokens with source line maps (markdown-it-py plus dialect rules).

Only the block level is parsed: the converter slices the page's own lines by each token's
``map`` (as jupytext's MyST reader does), so inline tokens would be wasted work.

The pages are MDX, and in MDX indentation never makes a code block: an indented paragraph
is a paragraph, an indented fence is a fence. markdown-it-py reads it the same way once
its ``code`` rule is off (every other rule then accepts any indentation, as micromark does
without ``codeIndented``). Where the notebook would read the same indentation as code,
:mod:`notebook_gen.convert.layout` dedents the lines.

Reading the page also means its front matter (:func:`read_front_matter`) and whether its
prose selects it for a notebook (:func:`selects_page`), read as the conversion reads it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from notebook_gen.convert.dialect.prose import COLAB_MARKER
from notebook_gen.convert.dialect.tags import dialect_tags_plugin
from notebook_gen.convert.roles import line_roles, marker_in_prose
from notebook_gen.errors import PageError
from notebook_gen.model import PageInfo

# Block rules whose tokens the converter never looks at: without them their lines are
# paragraphs, which are prose all the same, and the parse does less work.
_UNUSED_RULES = ["table", "reference", "hr", "inline", "text_join"]
_NOT_MDX = ["code"]
"""Indented code blocks do not exist in MDX."""


@cache
def block_parser() -> MarkdownIt:
    """The shared parser: MDX blocks + GitHub alerts + front matter + dialect tags."""
    md = MarkdownIt("commonmark", {"alerts": True})
    md.use(front_matter_plugin).use(dialect_tags_plugin)
    md.disable([*_UNUSED_RULES, *_NOT_MDX], ignoreInvalid=True)
    return md


def parse_blocks(text: str) -> list[Token]:
    """Block tokens of ``text`` (``\\n`` line endings), each with its line ``map``."""
    return block_parser().parse(text)


# A page's leading YAML block: its title and per-page installs.
def read_front_matter(text: str | None, path: str) -> PageInfo:
    """``title`` names the notebook; ``notebook: {pip: [pkg, ...]}`` adds an install cell."""
    if not text:
        return PageInfo()
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise PageError(path, line, f"front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        return PageInfo()
    title = data.get("title")
    notebook = data.get("notebook") or {}
    pip = notebook.get("pip", []) if isinstance(notebook, dict) else []
    if isinstance(pip, str):
        pip = pip.split()
    if not isinstance(pip, list) or not all(isinstance(p, str) for p in pip):
        raise PageError(path, 1, "front matter notebook.pip must be a list of package names")
    return PageInfo(title=str(title) if title else None, extra_pip=tuple(pip))


# Which pages get notebooks: those whose prose holds the ``[[open-in-colab]]`` marker.
#
# Selection reads a page exactly as conversion does: the same line endings and the same
# block parse, so a CRLF page is selected like its LF twin, and a marker shown inside a
# code fence (a page documenting the marker) selects nothing, as it is not removed from
# the notebook either.
#
# The build decides this for every page in the parent process, so it parses only what it
# must: the lines up to the first marker line and one more (whether a line is prose never
# depends on lines further down, except for front matter, which is closed further down,
# so a page that opens with one is parsed whole), and the whole page only when that first
# marker turns out not to be prose.
def normalize_text(text: str) -> str:
    """Drop a byte-order mark and use ``\\n`` line endings, as Markdown reads them."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _marked(lines: list[str]) -> bool:
    candidates = [i for i, line in enumerate(lines) if COLAB_MARKER in line]
    return marker_in_prose(lines, line_roles(parse_blocks("\n".join(lines))), candidates)


def selects_page(text: str, *, prefix: bool = True) -> bool:
    """True when the page carries the marker in its prose. ``prefix=False`` parses the
    whole page (the reference the shortcut is tested against)."""
    if COLAB_MARKER not in text:
        return False
    lines = normalize_text(text).split("\n")
    first = next(i for i, line in enumerate(lines) if COLAB_MARKER in line)
    if prefix and not lines[0].startswith("---") and _marked(lines[: first + 2]):
        return True
    return _marked(lines)
