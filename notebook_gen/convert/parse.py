"""Page text to block tokens with source line maps (markdown-it-py plus dialect rules).

Only the block level is parsed: the converter slices the page's own lines by each token's
``map`` (as jupytext's MyST reader does), so inline tokens would be wasted work.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from notebook_gen.convert.dialect.tags import dialect_tags_plugin

# Block rules whose tokens the converter never looks at: without them their lines are
# paragraphs, which are prose all the same. Skipping them saves about a third of the parse.
_UNUSED_RULES = ["table", "reference", "hr", "inline", "text_join"]


@cache
def block_parser() -> MarkdownIt:
    """The shared parser: CommonMark blocks + GitHub alerts + front matter + dialect tags."""
    md = MarkdownIt("commonmark", {"alerts": True})
    md.use(front_matter_plugin).use(dialect_tags_plugin)
    md.disable(_UNUSED_RULES, ignoreInvalid=True)
    return md


def parse_blocks(text: str) -> list[Token]:
    """Block tokens of ``text`` (``\\n`` line endings), each with its line ``map``."""
    return block_parser().parse(text)
