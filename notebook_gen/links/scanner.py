"""The one scanner of link syntax in prose, shared by the rewrite and the check.

Branches, by the name of the group that closes last (``match.lastgroup``):
``code`` / ``lone`` (code spans and stray backticks: left alone), ``defdest``
(reference-style definition), ``ref`` (API reference), ``rest`` (inline link or
image), ``tag`` (an HTML tag whose ``src``/``href`` attributes are links).

An API reference is ``[`name`]`` anywhere but before ``(`` (an inline link with code
text), as the documentation builder reads it: ``[`Foo`]:`` ending a sentence and
``[`X`][label]`` are references too. Only a line that is a reference definition
(``[`x`]: destination``, at most three spaces in, nothing but a title after the
destination) is a definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TAG = r"<(?:img|a|source|video|audio|iframe|embed)\b[^>]*>"
WRAP = r"\n(?![ \t]*(?:\n|[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]))"
"""A line break inside a paragraph: not before a blank line, a list item or a heading. A code
span never crosses a block boundary, so a backtick left open in one list item does not hide
what follows it."""

# Every branch starts with one of `` ` [ ! < ``: the leading look-ahead lets the
# engine skip other positions cheaply. Code spans come first so that nothing inside
# backticks is rewritten; the common single-backtick span has its own cheap branch.
SCAN = re.compile(
    r"(?=[`\[!<])(?:"
    r"(?P<code>`[^`\n]+(?:" + WRAP + r"[^`\n]*)*`(?!`)"
    r"|(?P<ticks>`+)(?!`)(?:[^`\n]++|`|" + WRAP + r")*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<lone>`+)"
    r"|(?P<def>(?:(?<![^\n])|(?<=^ )|(?<=^  )|(?<=^   ))\[[^\]\n]+\]:[ \t]*)"
    r"(?P<defdest><[^>\n]*>|\S+)(?=[ \t]+[\"'(]|[ \t]*$)"
    r"|(?P<ref>\[`(?P<name>[^`\n]+)`\](?!\())"
    r"|(?P<open>!?\[)(?P<text>(?:[^\[\]`\n]|\n(?![ \t]*\n)|`[^`\n]*`|\[[^\[\]\n]*\])*)\]\("
    r"(?P<dest><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
    r"(?P<rest>(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\))"
    r"|(?P<tag>" + _TAG + ")"
    r")",
    re.MULTILINE,
)
TAG = re.compile(_TAG)
"""An HTML tag whose ``src``/``href`` attributes are links (in an HTML block, which holds
no Markdown, the only links there are)."""
ATTR = re.compile(r"(?P<key>\b(?:src|href|poster)\s*=\s*)(?P<q>[\"'])(?P<url>[^\"'\n]*)(?P=q)")


def destinations(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, destination)`` of every link, image, definition and tag attribute."""
    for m in SCAN.finditer(text):
        kind = m.lastgroup
        if kind == "rest":
            yield m.start("dest"), _unwrap(m["dest"])
        elif kind == "defdest":
            yield m.start("defdest"), _unwrap(m["defdest"])
        elif kind == "tag":
            for attr in ATTR.finditer(m["tag"]):
                yield m.start("tag") + attr.start("url"), attr["url"]


def _unwrap(dest: str) -> str:
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


# Walk a page's lines outside fenced code blocks.
#
# The inventory and the link check only need a line scan (``[[autodoc]]`` is a
# directive at line start, links live in prose), but both must skip fenced code,
# wherever Markdown allows a fence: indented in lists, ``~~~`` or four backticks.
_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` (1-based) for every line outside fenced code.

    A fence closes on a line holding only the same character, at least as many
    times as it opened with; an unclosed fence runs to the end of the page, as in
    CommonMark. The fence lines themselves are not yielded.
    """
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if closing is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                closing = match["fence"]
                continue
            yield number, line
        elif match and match["fence"].startswith(closing) and not match["info"].strip():
            closing = None


def blank_fences(text: str) -> str:
    """The page with every fenced-code line emptied: offsets change, line numbers do not."""
    lines = text.splitlines()
    kept = [""] * len(lines)
    for number, line in prose_lines(text):
        kept[number - 1] = line
    return "\n".join(kept)
