"""Rewrites of Markdown prose for a notebook: the inline parts of the dialect.

Each function takes and returns text; none touches code spans, and the walker never
passes them fenced code or HTML blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from notebook_gen.links.inventory import autodoc_names
from notebook_gen.links.scanner import WRAP

COLAB_MARKER = "[[open-in-colab]]"

_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?:[^\n]|" + WRAP + r")+?(?<!`)(?P=ticks)(?!`)")
"""Inline code, within its paragraph (:data:`~notebook_gen.links.scanner.WRAP`)."""
_INLINE_MATH = re.compile(r"\\\\\((.+?)\\\\\)", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\\\\\[(.+?)\\\\\]", re.DOTALL)
_HEADING_ANCHOR = re.compile(r"^(?P<head>.*?)\s*\[\[(?P<anchor>[^\[\]]+)\]\]\s*$")
_ALERT = re.compile(r"\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)

TextRewrite = Callable[[str], str]


def outside_code_spans(rewrite: TextRewrite, text: str) -> str:
    """Apply ``rewrite`` to the parts of ``text`` that are not inline code."""
    if "`" not in text:
        return rewrite(text)
    pieces: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(rewrite(text[last : span.start()]))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(rewrite(text[last:]))
    return "".join(pieces)


def _math(text: str) -> str:
    if "\\\\" not in text:
        return text
    text = _INLINE_MATH.sub(lambda m: f"${m.group(1).strip()}$", text)
    return _DISPLAY_MATH.sub(lambda m: f"$${m.group(1).strip()}$$", text)


def rewrite_math(text: str) -> str:
    """``\\\\( x \\\\)`` becomes ``$x$`` and ``\\\\[ x \\\\]`` becomes ``$$x$$``."""
    return outside_code_spans(_math, text)


_MARKER_LINE = re.compile(r"^[ \t]*\[\[open-in-colab\]\][ \t]*$", re.MULTILINE)


def is_marker_line(line: str) -> bool:
    """True when ``line`` is the marker and nothing else."""
    return COLAB_MARKER in line and _MARKER_LINE.fullmatch(line) is not None


def remove_colab_marker(text: str) -> str:
    """Drop the marker line: it selects the page, it is not content. A mention of the
    marker inside a sentence (as in a guide to the dialect) stays."""
    return _MARKER_LINE.sub("", text) if COLAB_MARKER in text else text


_AUTODOC_MEMBER = re.compile(r"^[ \t]+[-*][ \t]+\S+[ \t]*$")


def autodoc_reference(line: str) -> str | None:
    """``[[autodoc]] name`` becomes an API reference to the object (``[`name`]``), which
    the link rewrite turns into a link to its documentation: the directive itself means
    something to the doc builder only (a dotted name shows its last part, as ``~`` says).
    Several directives on one line become several references. None for any other line."""
    names = autodoc_names(line)
    if not names:
        return None
    indent = line[: len(line) - len(line.lstrip())]
    return indent + " ".join(f"[`{'~' if '.' in name else ''}{name}`]" for name in names)


def is_autodoc_member(line: str) -> bool:
    """An indented ``- member`` line of the list under an ``[[autodoc]]`` directive."""
    return _AUTODOC_MEMBER.match(line) is not None


def heading_with_anchor(line: str) -> str:
    """``## Title[[anchor]]`` becomes an HTML anchor line followed by ``## Title``."""
    found = _HEADING_ANCHOR.match(line)
    if found is None:
        return line
    head = found["head"]
    indent = head[: len(head) - len(head.lstrip())]
    return f'{indent}<a id="{found["anchor"].strip()}"></a>\n{head}'


def alert_label(line: str) -> str:
    """``> [!TIP]`` becomes ``> **Tip**`` and an empty quote line, so that the label
    stands on its own line: Jupyter does not render GitHub alerts."""
    found = _ALERT.search(line)
    if found is None:
        return line
    prefix = line[: found.start()].rstrip()
    rest = line[found.end() :].strip()
    label = f"{prefix} **{found['kind'].capitalize()}**\n{prefix}"
    return f"{label} {rest}" if rest else label


_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def collapse_blank_lines(text: str) -> str:
    """Runs of blank lines become one: removed tags and markers leave gaps behind."""
    return _BLANK_RUN.sub("\n\n", text)


def _is_empty_quote(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(">") and not stripped.replace(">", "").strip()


def trim_quote_edges(text: str) -> str:
    """Drop empty quote lines (``>``) at the start and end of a cut piece of prose."""
    if ">" not in text:
        return text
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and _is_empty_quote(lines[start]):
        start += 1
    while end > start and _is_empty_quote(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


def quote(text: str, depth: int) -> str:
    """Prefix every line with ``depth`` blockquote markers (for ``<Tip>`` content)."""
    if depth == 0:
        return text
    marker = ">" * depth
    return "\n".join(f"{marker} {line}" if line.strip() else marker for line in text.split("\n"))


# HTML comments that are notes to the doc builder or to the page's editors, not content
# for a reader.
_NOTE_WORDS = ("copyright", "license", "licence", "doc-builder", "doc builder")
_COMMENTS = re.compile(r"<!--[\s\S]*?-->(?:\s*<!--[\s\S]*?-->)*")
"""One comment, or several with only white space between them."""
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--[\s\S]*?-->\s*)+")


def build_note_rest(html: str, heads_page: bool = False) -> str | None:
    """For an HTML block that is a licence or build-note comment: the text that follows
    its ``-->`` on the same line ("" when none), which a reader should still see. None
    when the block is anything else.

    A note is recognised by its words (a licence, the doc builder) wherever it is, and by
    its place in any language: comments that head the page (``heads_page``: nothing but
    front matter or other notes above them) are the file's header, a note for whoever edits
    it (a licence, "auto-generated, do not edit"), never for a reader.
    """
    text = html.strip()
    found = _COMMENTS.match(text)
    if found is None:
        return None
    comment, rest = text[: found.end()], text[found.end() :]
    if "\n" in rest:
        return None  # more HTML after the comment: not only a note
    lowered = comment.lower()
    if heads_page or any(word in lowered for word in _NOTE_WORDS):
        return rest.strip()
    return None


def only_comments(text: str) -> bool:
    """Whether ``text`` (a markdown cell) holds HTML comments and nothing else: a cell
    that would render empty."""
    return "<!--" in text and _ONLY_COMMENTS.fullmatch(text) is not None
