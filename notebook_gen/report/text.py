"""Wording shared by every report: totals, a failure's one-line summary, durations,
and the cleaning that text from notebooks needs before a terminal or a file shows it.

Names and messages come from the notebooks' authors, their file names and their
kernels: they can hold terminal escape sequences, control characters, lone
surrogates and bidirectional overrides. :func:`visible` writes those as escapes
(``\x1b``), so a report shows them instead of obeying them.
"""

from __future__ import annotations

import re

from notebook_gen.execute.results import NotebookResult, RunReport, Status
from notebook_gen.execute.triage import plain

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters, lone surrogates, line/paragraph separators, bidi overrides."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
"""What :data:`_UNSAFE` holds but line breaks and tabs: for text shown on several lines."""

ORDER = (Status.PASSED, Status.FAILED, Status.SKIPPED, Status.CACHED)


def totals(report: RunReport) -> str:
    """``13 notebooks: 7 passed, 5 failed, 1 skipped, 0 cached, 1 warning in 8.4 s``."""
    counts = ", ".join(f"{report.count(status)} {status.value}" for status in ORDER)
    warnings = warning_count(report)
    noun = "notebook" if len(report.results) == 1 else "notebooks"
    line = f"{len(report.results)} {noun}: {counts}"
    if warnings:
        line += f", {warnings} warning{'s' if warnings != 1 else ''}"
    line += f" in {seconds(report.seconds)}"
    if report.shard:
        line += f" (shard {report.shard})"
    if report.interrupted:
        line += " (interrupted: unfinished notebooks are not listed)"
    return line


def warning_count(report: RunReport) -> int:
    """Output mismatches on notebooks that did not fail because of them."""
    return sum(len(result.mismatches) for result in report.results if not _strict(result))


def kind(result: NotebookResult) -> str:
    """The failure class, or ``""``."""
    return result.failure.kind.value if result.failure else ""


def cell(result: NotebookResult) -> str:
    """The failing cell's number among code cells, or ``""``."""
    failure = result.failure
    return "" if failure is None or failure.code_cell is None else str(failure.code_cell)


def doc_line(result: NotebookResult) -> str:
    """Where to fix it: the failing cell's documentation line, else the page."""
    if result.failure is not None and result.failure.location:
        return result.failure.location
    return result.page or ""


def detail(result: NotebookResult) -> str:
    """One line saying why a notebook did not pass (empty for a plain pass), and whose
    run it shares."""
    if result.failure is not None:
        retried = f" (after {result.attempts} attempts)" if result.attempts > 1 else ""
        said = result.failure.message + retried
    else:
        said = result.skip_reason or ""
    shares = shared(result)
    return f"{said} ({shares})" if said and shares else said


def shared(result: NotebookResult) -> str:
    """``shares the run of en/quicktour.ipynb``, or ``""`` for a notebook that ran alone."""
    return f"shares the run of {result.shared_run}" if result.shared_run else ""


def mismatch_lines(result: NotebookResult) -> list[str]:
    """One line per output mismatch: where, and what was expected and printed."""
    lines = []
    for mismatch in result.mismatches:
        where = f"code cell {mismatch.code_cell}" if mismatch.code_cell else "a cell"
        if mismatch.location:
            where += f" ({mismatch.location})"
        lines.append(
            f"{where} printed {_short(mismatch.actual)} where the page shows "
            f"{_short(mismatch.expected)}"
        )
    return lines


def seconds(value: float) -> str:
    """``0.4 s``, ``12.3 s``, ``2 min 5 s``."""
    if value < 120:
        return f"{value:.1f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest} s"


def _strict(result: NotebookResult) -> bool:
    return result.failure is not None and result.failure.kind.value == "output-mismatch"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def visible(text: str) -> str:
    """``text`` with colour codes removed and every other control character, lone
    surrogate and bidi override written as an escape (one line, safe to print)."""
    return _UNSAFE.sub(escape_char, plain(text))


def printable(text: str) -> str:
    """:func:`visible` for text shown on several lines (a traceback, a cell's source):
    line breaks and tabs are kept, every other control character is an escape."""
    return _CONTROL.sub(escape_char, plain(text))


def escape_char(match: re.Match[str]) -> str:
    """The matched character as ``\\xNN`` or ``\\uNNNN`` (for ``re.sub``)."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
