"""Page text to block tokens with source line maps (markdown-it-py plus dialect rules).

Only the block level is parsed: the converter slices the page's own lines by each token's
``map`` (as jupytext's MyST reader does), so inline tokens would be wasted work.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from notebook_gen.dialect.tags import dialect_tags_plugin


@cache
def block_parser() -> MarkdownIt:
    """The shared parser: CommonMark + tables + GitHub alerts + front matter + dialect tags."""
    md = MarkdownIt("commonmark", {"alerts": True}).enable("table")
    md.use(front_matter_plugin).use(dialect_tags_plugin)
    md.disable(["inline"], ignoreInvalid=True)  # core rule: block tokens are all we read
    return md


def parse_blocks(text: str) -> list[Token]:
    """Block tokens of ``text`` (``\\n`` line endings), each with its line ``map``."""
    return block_parser().parse(text)
