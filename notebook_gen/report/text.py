"""Wording shared by every report: totals, a failure's one-line summary, durations."""

from __future__ import annotations

from notebook_gen.execute.results import NotebookResult, RunReport, Status

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
    """The failing cell's index, or ``""``."""
    failure = result.failure
    return "" if failure is None or failure.cell_index is None else str(failure.cell_index)


def doc_line(result: NotebookResult) -> str:
    """Where to fix it: the failing cell's documentation line, else the page."""
    if result.failure is not None and result.failure.location:
        return result.failure.location
    return result.page or ""


def detail(result: NotebookResult) -> str:
    """One line saying why a notebook did not pass (empty for a plain pass)."""
    if result.failure is not None:
        retried = f" (after {result.attempts} attempts)" if result.attempts > 1 else ""
        return result.failure.message + retried
    if result.skip_reason:
        return result.skip_reason
    return ""


def mismatch_lines(result: NotebookResult) -> list[str]:
    """One line per output mismatch: where, and what was expected and printed."""
    lines = []
    for mismatch in result.mismatches:
        where = f"cell {mismatch.cell_index}"
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
