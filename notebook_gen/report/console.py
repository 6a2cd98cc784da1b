"""The table printed at the end of a run, then one line per failure and warning.

Everything that comes from a notebook (its name, its error) goes through
:func:`~notebook_gen.report.text.visible`: a file named with an escape sequence
must not recolour, retitle or clear the terminal of the person reading the run.
"""

from __future__ import annotations

from notebook_gen.execute.results import RunReport, Status
from notebook_gen.report import text
from notebook_gen.report.text import visible

__all__ = ["HEADERS", "render", "visible"]

HEADERS = ("notebook", "status", "class", "seconds", "code cell", "doc line", "run")


def render(report: RunReport) -> str:
    """The console report: a table, failures and warnings spelled out, the totals."""
    rows = [
        (
            visible(result.name),
            result.status.value,
            text.kind(result),
            f"{result.seconds:.1f}",
            text.cell(result),
            visible(text.doc_line(result)) if result.status is Status.FAILED else "",
            visible(text.shared(result)),
        )
        for result in report.results
    ]
    lines = _table([HEADERS, *rows])
    for result in report.results:
        name = visible(result.name)
        if result.status in (Status.FAILED, Status.SKIPPED):
            lines.append(f"{result.status.value.upper()} {name}: {visible(text.detail(result))}")
        lines.extend(f"WARNING {name}: {visible(line)}" for line in text.mismatch_lines(result))
    lines.append(text.totals(report))
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    numeric = {HEADERS.index("seconds"), HEADERS.index("code cell")}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            value.rjust(width) if column in numeric else value.ljust(width)
            for column, (value, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(rows[0]), "  ".join("-" * width for width in widths), *map(line, rows[1:])]
