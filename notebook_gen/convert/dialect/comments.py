"""HTML comments that are notes to the doc builder or to the page's editors, not content
for a reader."""

from __future__ import annotations

import re

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
