"""Walk a page's lines outside fenced code blocks.

The inventory and the link check only need a line scan (``[[autodoc]]`` is a
directive at line start, links live in prose), but both must skip fenced code,
wherever Markdown allows a fence: indented in lists, ``~~~`` or four backticks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
