"""Bound and clean the text a kernel sends before it goes into results and reports.

A cell can raise an exception whose message is 50 MB, or one holding a lone
surrogate (which no UTF-8 file can hold): results keep the head and the tail of
long text with a note saying how much was left out, and lone surrogates as
``\\udXXX`` escapes, so every report can be written and read.
"""

from __future__ import annotations

MAX_TEXT = 20_000
"""Characters of a stream, a traceback or expected output kept in results and copies."""
MAX_VALUE = 5_000
"""Characters of an exception's message kept in results."""


def truncate_text(text: str, limit: int = MAX_TEXT, what: str = "output") -> str:
    """``text`` with its middle replaced by a note when longer than ``limit``."""
    if len(text) <= limit:
        return text
    half = limit // 2
    omitted = len(text) - 2 * half
    note = f"\n... [notebook-gen: {omitted} characters of {what} omitted] ...\n"
    return text[:half] + note + text[-half:]


def clean(text: str, limit: int = MAX_TEXT, what: str = "output") -> str:
    """``text`` truncated to ``limit``, with lone surrogates written as escapes."""
    return encodable(truncate_text(text, limit, what))


def encodable(text: str) -> str:
    """``text`` with what UTF-8 cannot encode (lone surrogates) as backslash escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
