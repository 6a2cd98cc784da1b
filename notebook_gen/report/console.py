"""The table printed at the end of a run, then one line per failure and warning."""

from __future__ import annotations

from notebook_gen.execute.results import RunReport, Status
from notebook_gen.report import text

HEADERS = ("notebook", "status", "class", "seconds", "cell", "doc line")


def render(report: RunReport) -> str:
    """The console report: a table, failures and warnings spelled out, the totals."""
    rows = [
        (
            result.name,
            result.status.value,
            text.kind(result),
            f"{result.seconds:.1f}",
            text.cell(result),
            text.doc_line(result) if result.status is Status.FAILED else "",
        )
        for result in report.results
    ]
    lines = _table([HEADERS, *rows])
    for result in report.results:
        if result.status in (Status.FAILED, Status.SKIPPED):
            lines.append(f"{result.status.value.upper()} {result.name}: {text.detail(result)}")
        lines.extend(f"WARNING {result.name}: {line}" for line in text.mismatch_lines(result))
    lines.append(text.totals(report))
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    numeric = {HEADERS.index("seconds"), HEADERS.index("cell")}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            value.rjust(width) if column in numeric else value.ljust(width)
            for column, (value, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(rows[0]), "  ".join("-" * width for width in widths), *map(line, rows[1:])]
