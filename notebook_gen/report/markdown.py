"""``--summary FILE.md``: a Markdown summary for a CI job page (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from notebook_gen.execute.results import NotebookResult, RunReport, Status
from notebook_gen.report import text

ICONS = {Status.PASSED: "✅", Status.FAILED: "❌", Status.SKIPPED: "⏭️", Status.CACHED: "♻️"}


def render(report: RunReport) -> str:
    """Totals, then a table of failures, then warnings and skips folded away."""
    icon = ICONS[Status.FAILED] if report.failed else ICONS[Status.PASSED]
    lines = [f"## {icon} Notebook execution", "", text.totals(report), ""]
    failed = [result for result in report.results if result.status is Status.FAILED]
    if failed:
        lines += ["| notebook | class | cell | doc line | what happened |", "|---|---|---|---|---|"]
        lines += [_failure_row(result) for result in failed]
        lines.append("")
    warned = [(result, line) for result in report.results for line in _warnings(result)]
    if warned:
        lines += _folded(
            f"{len(warned)} output warnings", [f"- `{r.name}`: {w}" for r, w in warned]
        )
    skipped = [result for result in report.results if result.status is Status.SKIPPED]
    if skipped:
        items = [f"- `{result.name}`: {result.skip_reason}" for result in skipped]
        lines += _folded(f"{len(skipped)} skipped", items)
    return "\n".join(lines).rstrip() + "\n"


def _failure_row(result: NotebookResult) -> str:
    cells = [
        f"`{result.name}`",
        text.kind(result),
        text.cell(result),
        f"`{text.doc_line(result)}`" if text.doc_line(result) else "",
        text.detail(result),
    ]
    return "| " + " | ".join(_escape(cell) for cell in cells) + " |"


def _warnings(result: NotebookResult) -> list[str]:
    if result.failure is not None and result.failure.kind.value == "output-mismatch":
        return []
    return text.mismatch_lines(result)


def _folded(summary: str, items: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *items, "", "</details>", ""]


def _escape(cell: str) -> str:
    return " ".join(cell.split()).replace("|", "\\|")
