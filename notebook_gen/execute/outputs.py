"""A cell's outputs: compared with what the page says it prints, the way doctest does, and
bounded and cleaned before they go into results and reports.

The converter keeps a doctest's expected output in the unexecuted notebook, as the cell's
``execute_result`` (``text/plain``) or, for what ``print`` shows, a ``stdout`` stream, and
the example's doctest flags in ``cell.metadata["notebook_gen"]["doctest"]``. What a cell
"printed" is what a doctest would see: its standard output followed by the value it displays.
Whitespace is always normalised and ``...`` always matches anything, as with
doctest's ``NORMALIZE_WHITESPACE`` and ``ELLIPSIS``.

A cell can raise an exception whose message is 50 MB, or one holding a lone
surrogate (which no UTF-8 file can hold): results keep the head and the tail of
long text with a note saying how much was left out, and lone surrogates as
``\\udXXX`` escapes, so every report can be written and read.
"""

from __future__ import annotations

import doctest
from dataclasses import dataclass
from typing import Any

from notebook_gen.convert import metadata

ALWAYS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
NOT_COMPARED = frozenset({"SKIP", "IGNORE_RESULT"})
"""Flags meaning the page's output is not to be checked."""

MAX_TEXT = 20_000
"""Characters of a stream, a traceback or expected output kept in results and copies."""
MAX_VALUE = 5_000
"""Characters of an exception's message kept in results."""

_FLAGS = {
    "DONT_ACCEPT_BLANKLINE": doctest.DONT_ACCEPT_BLANKLINE,
    "IGNORE_EXCEPTION_DETAIL": doctest.IGNORE_EXCEPTION_DETAIL,
}


@dataclass(frozen=True)
class Expected:
    """The output a page shows for one cell."""

    text: str
    flags: tuple[str, ...] = ()


def expected_outputs(notebook: Any) -> dict[int, Expected]:
    """Cell index to expected output, read before execution replaces the outputs."""
    expected = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        texts = [text for out in cell.get("outputs", ())
                 if (text := _expected_text(out)) is not None]
        if texts:
            flags = cell.metadata.get(metadata.KEY, {}).get(metadata.DOCTEST_FLAGS, [])
            expected[index] = Expected("\n".join(texts), tuple(flags))
    return expected


def _expected_text(out: Any) -> str | None:
    """What the page says an output shows: a value (``execute_result``) or what ``print``
    wrote (a ``stdout`` stream); other outputs (an embedded video) are not compared."""
    if out.output_type == "stream" and out.get("name") == "stdout":
        return _text(out.text)
    if out.output_type == "execute_result" and "text/plain" in out.get("data", {}):
        return _text(out.data["text/plain"])
    return None


def printed(cell: Any) -> str:
    """What a doctest would have seen: stdout, then displayed values, in order."""
    parts = []
    for out in cell.get("outputs", ()):
        if out.output_type == "stream" and out.name == "stdout":
            parts.append(_text(out.text))
        elif out.output_type == "execute_result" and "text/plain" in out.get("data", {}):
            parts.append(_text(out.data["text/plain"]) + "\n")
    return "".join(parts)


def matches(expected: Expected, actual: str) -> bool:
    """Whether ``actual`` is an acceptable rendering of ``expected``."""
    if NOT_COMPARED.intersection(expected.flags):
        return True
    flags = ALWAYS
    for name in expected.flags:
        flags |= _FLAGS.get(name, 0)
    want, got = _line_ended(expected.text), _line_ended(actual)
    return doctest.OutputChecker().check_output(want, got, flags)


def _line_ended(text: str) -> str:
    text = text.rstrip()
    return text + "\n" if text else ""


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


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
