"""Page text to block tokens with source line maps (markdown-it-py plus dialect rules).

Only the block level is parsed: the converter slices the page's own lines by each token's
``map`` (as jupytext's MyST reader does), so inline tokens would be wasted work.

The pages are MDX, and in MDX indentation never makes a code block: an indented paragraph
is a paragraph, an indented fence is a fence. markdown-it-py reads it the same way once
its ``code`` rule is off (every other rule then accepts any indentation, as micromark does
without ``codeIndented``). Where the notebook would read the same indentation as code,
:mod:`notebook_gen.convert.layout` dedents the lines.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from notebook_gen.convert.dialect.tags import dialect_tags_plugin

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
