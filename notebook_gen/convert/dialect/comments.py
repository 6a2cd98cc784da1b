"""HTML comments that are notes to the doc builder, not content for a reader."""

from __future__ import annotations

_NOTE_WORDS = ("copyright", "license", "licence", "doc-builder", "doc builder")


def is_build_note(html: str) -> bool:
    """True for an HTML comment block that holds a licence or a build note."""
    text = html.strip()
    if not (text.startswith("<!--") and text.endswith("-->")):
        return False
    lowered = text.lower()
    return any(word in lowered for word in _NOTE_WORDS)
