"""Which pages get notebooks: those whose prose holds the ``[[open-in-colab]]`` marker.

Selection reads a page exactly as conversion does: the same line endings and the same
block parse, so a CRLF page is selected like its LF twin, and a marker shown inside a
code fence (a page documenting the marker) selects nothing, as it is not removed from
the notebook either.

The build decides this for every page in the parent process, so it parses only what it
must: the lines up to the first marker line and one more (whether a line is prose never
depends on lines further down, except for front matter, which is closed further down,
so a page that opens with one is parsed whole), and the whole page only when that first
marker turns out not to be prose.
"""

from __future__ import annotations

from notebook_gen.convert.dialect.prose import COLAB_MARKER
from notebook_gen.convert.parse import parse_blocks
from notebook_gen.convert.roles import line_roles, marker_in_prose


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
