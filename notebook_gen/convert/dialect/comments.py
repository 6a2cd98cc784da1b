"""HTML comments that are notes to the doc builder, not content for a reader."""

from __future__ import annotations

_NOTE_WORDS = ("copyright", "license", "licence", "doc-builder", "doc builder")
_END = "-->"


def build_note_rest(html: str) -> str | None:
    """For an HTML block that is a licence or build-note comment: the text that follows
    its ``-->`` on the same line ("" when none), which a reader should still see. None
    when the block is anything else."""
    text = html.strip()
    end = text.find(_END)
    if not text.startswith("<!--") or end < 0:
        return None
    comment, rest = text[: end + len(_END)], text[end + len(_END) :]
    if "\n" in rest:
        return None  # more HTML after the comment: not only a note
    lowered = comment.lower()
    return rest.strip() if any(word in lowered for word in _NOTE_WORDS) else None

