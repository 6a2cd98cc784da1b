"""The dialect's component tags (``<Tip>``, ``<frameworkcontent>``, ``<pt>``, ``<hfoption>``,
``<Youtube/>``, ...) as a markdown-it block rule.

Plain Markdown reads ``<pt>`` as the start of an HTML block that runs to the next blank
line, swallowing any fence that follows it without a blank line in between; and it reads
``</Tip>`` under a paragraph as more paragraph text. Both lose samples. This rule claims a
line that holds nothing but one dialect tag as a ``dialect_tag`` token of its own, and it
may interrupt paragraphs, lists and quotes, so that everything between two tags is parsed
as the Markdown it is. A lone lower-case tag of another name right inside
``<frameworkcontent>`` (``<mx>``) is claimed too: a framework this tool does not know,
which the structure stage warns about. Two forms that real pages use are tags too: a tag
line with stray characters after the tag (a trailing backtick, kept in :attr:`Tag.stray`
for a warning), and a framework block on one line (``<pt>```bash pip install torch
```</pt>``, a :class:`OneLineBlock`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import HTML_SEQUENCES, html_block

from notebook_gen.convert.frameworks import BY_TAG

TAG_NAMES = (
    "frameworkcontent", "pt", "tf", "jax", "flax", "hfoptions", "hfoption", "tip", "youtube",
)
FRAMEWORK_TAGS = tuple(BY_TAG)

_TAG_LINE = re.compile(
    r"<(?P<close>/)?(?P<name>" + "|".join(TAG_NAMES) + r")\b(?P<attrs>[^<>]*?)(?P<self>/)?>"
    r"\s*(?P<stray>[^\w\s<>][^\w<>]*?)?\s*$",
    re.IGNORECASE,
)
_ONE_LINE = re.compile(
    r"<(?P<name>" + "|".join(FRAMEWORK_TAGS) + r")>(?P<inner>.*\S.*)</(?P=name)>\s*$",
    re.IGNORECASE,
)
"""``<pt>```bash pip install torch ```</pt>``: a framework block on one line."""
_LONE_TAG = re.compile(r"<(?P<close>/)?(?P<name>[a-z][a-z0-9]*)>\s*$")
_OPEN_TAGS = "dialect_open_tags"
"""Key in the parser's ``env``: names of the dialect tags open at this point of the parse."""
_ATTR = re.compile(
    r"""(?P<key>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|\{(?P<js>[^}]*)\})"""
)


@dataclass(frozen=True)
class Tag:
    """One dialect tag line, as the rule found it."""

    name: str
    """Lower-cased tag name (``tip``, ``pt``, ``hfoption``...)."""
    closing: bool
    self_closing: bool
    attrs: tuple[tuple[str, str], ...]
    stray: str = ""
    """Characters after the tag on its line (a trailing backtick): ignored, with a warning."""

    def attr(self, key: str, default: str = "") -> str:
        return dict(self.attrs).get(key, default)


def match_tag(line: str) -> Tag | None:
    """The dialect tag that ``line`` (stripped of indentation) consists of, if any."""
    found = _TAG_LINE.match(line)
    if found is None:
        return None
    attrs = tuple(
        (m["key"], next(v for v in (m["dq"], m["sq"], m["js"]) if v is not None))
        for m in _ATTR.finditer(found["attrs"])
    )
    return Tag(
        name=found["name"].lower(),
        closing=found["close"] is not None,
        self_closing=found["self"] is not None,
        attrs=attrs,
        stray=found["stray"] or "",
    )


@dataclass(frozen=True)
class OneLineBlock:
    """A framework tag, its content and its closing tag on one line."""

    tag: Tag
    inner: str


def match_one_line_block(line: str) -> OneLineBlock | None:
    found = _ONE_LINE.match(line)
    if found is None:
        return None
    return OneLineBlock(Tag(found["name"].lower(), False, False, ()), found["inner"].strip())


class _OpenTags:
    """The dialect tags open at this point of the parse (innermost last); a closing tag
    pops what it closes, so tracking a page is linear however deep it nests."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.counts: dict[str, int] = {}

    @property
    def innermost(self) -> str | None:
        return self.names[-1] if self.names else None

    def track(self, tag: Tag) -> None:
        if tag.closing and self.counts.get(tag.name):
            while True:
                name = self.names.pop()
                self.counts[name] -= 1
                if name == tag.name:
                    break
        elif not tag.closing and not tag.self_closing and tag.name != "youtube":
            self.names.append(tag.name)
            self.counts[tag.name] = self.counts.get(tag.name, 0) + 1


def _unknown_child_tag(line: str, open_tags: _OpenTags) -> Tag | None:
    """``<mx>`` right inside ``<frameworkcontent>``, or the ``</mx>`` closing it. Left to
    Markdown, it starts an HTML block that swallows the fence right after it."""
    found = _LONE_TAG.match(line)
    if found is None or found["name"] in block_names:
        return None
    parent = found["name"] if found["close"] else "frameworkcontent"
    if open_tags.innermost != parent:
        return None
    return Tag(found["name"], closing=found["close"] is not None, self_closing=False, attrs=())


def _dialect_tag_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if begin >= state.eMarks[start] or state.src[begin] != "<":
        return False
    open_tags: _OpenTags = state.env.setdefault(_OPEN_TAGS, _OpenTags())
    line = state.src[begin : state.eMarks[start]]
    block = match_one_line_block(line)
    tag = block.tag if block else match_tag(line) or _unknown_child_tag(line, open_tags)
    if tag is None:
        return False
    if silent:
        return True
    if block is None:
        open_tags.track(tag)
    token = state.push("dialect_tag", "", 0)
    token.map = [start, start + 1]
    token.meta = {"tag": tag, "block": block}
    token.content = line
    state.line = start + 1
    return True


def _is_tag_line(state: StateBlock, line: int) -> bool:
    begin = state.bMarks[line] + state.tShift[line]
    return (not state.is_code_block(line) and begin < state.eMarks[line]
            and state.src[begin] == "<" and match_tag(state.src[begin : state.eMarks[line]])
            is not None)


def _html_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """CommonMark's HTML block, except that one running to a blank line (``<div>...``)
    also ends before a dialect tag line no more indented than its first line:
    ``<div>...</div>`` right above ``</Tip>`` must not swallow the tag (and the page's
    structure with it)."""
    if silent:
        return html_block(state, start, end, silent)
    if not html_block(state, start, end, silent):
        return False
    token = state.tokens[-1]
    begin = state.bMarks[start] + state.tShift[start]
    first = state.src[begin : state.eMarks[start]]
    opened_by = next(seq for seq in HTML_SEQUENCES if seq[0].search(first))
    if not opened_by[1].search(""):
        return True  # comments, <pre>, <script>...: they end at their closing sequence
    tag_line = next((i for i in range(start + 1, state.line)
                     if state.sCount[i] <= state.sCount[start] and _is_tag_line(state, i)), None)
    if tag_line is not None:
        token.map = [start, tag_line]
        token.content = state.getLines(start, tag_line, state.blkIndent, True)
        state.line = tag_line
    return True


def dialect_tags_plugin(md: MarkdownIt) -> None:
    """Register the ``dialect_tag`` block rule ahead of every built-in block rule, and
    keep HTML blocks from running over dialect tag lines."""
    md.block.ruler.before(
        "table",
        "dialect_tag",
        _dialect_tag_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.at("html_block", _html_block_rule,
                      {"alt": ["paragraph", "reference", "blockquote"]})
