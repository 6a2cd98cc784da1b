"""``--summary FILE.md``: a Markdown summary for a CI job page (``$GITHUB_STEP_SUMMARY``).

Text from notebooks is data, not markup: an exception message holding
``<details>`` or ``<img src=...>`` is shown, not rendered (``<``, ``>`` and ``&``
become entities), and a notebook name holding backticks stays one code span
(its fence is longer than any run of backticks inside it).
"""

from __future__ import annotations

import html
import re

from notebook_gen.execute.results import NotebookResult, RunReport, Status
from notebook_gen.report import text

ICONS = {Status.PASSED: "✅", Status.FAILED: "❌", Status.SKIPPED: "⏭️", Status.CACHED: "♻️"}
_TICKS = re.compile(r"`+")
_MARKUP = re.compile(r"[\\`*_\[\]]")


def render(report: RunReport) -> str:
    """Totals, then a table of failures, then warnings and skips folded away."""
    icon = ICONS[Status.FAILED] if report.failed else ICONS[Status.PASSED]
    lines = [f"## {icon} Notebook execution", "", text.totals(report), ""]
    lines += [f"> warning: {prose(warning)}" for warning in report.warnings]
    if report.warnings:
        lines.append("")
    failed = [result for result in report.results if result.status is Status.FAILED]
    if failed:
        lines += [
            "| notebook | class | code cell | doc line | what happened |",
            "|---|---|---|---|---|",
        ]
        lines += [_failure_row(result) for result in failed]
        lines.append("")
    warned = [(result, line) for result in report.results for line in _warnings(result)]
    if warned:
        items = [f"- {code(r.name)}: {prose(w)}" for r, w in warned]
        lines += _folded(f"{len(warned)} output warnings", items)
    skipped = [result for result in report.results if result.status is Status.SKIPPED]
    if skipped:
        items = [f"- {code(result.name)}: {prose(result.skip_reason or '')}" for result in skipped]
        lines += _folded(f"{len(skipped)} skipped", items)
    return "\n".join(lines).rstrip() + "\n"


def code(value: str) -> str:
    """``value`` as one inline code span, whatever backticks it holds."""
    value = " ".join(text.visible(value).split())
    longest = max((len(run) for run in _TICKS.findall(value)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {value} " if value.startswith("`") or value.endswith("`") else value
    return f"{fence}{padded}{fence}"


def prose(value: str) -> str:
    """``value`` as plain text on one line: raw HTML shown, not rendered, and the
    punctuation that starts code spans, emphasis and links escaped."""
    value = " ".join(text.visible(value).split())
    value = _MARKUP.sub(r"\\\g<0>", value)
    return html.escape(value, quote=False)


def _failure_row(result: NotebookResult) -> str:
    doc_line = text.doc_line(result)
    cells = [
        code(result.name),
        text.kind(result),
        text.cell(result),
        code(doc_line) if doc_line else "",
        prose(text.detail(result)),
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _warnings(result: NotebookResult) -> list[str]:
    if result.failure is not None and result.failure.kind.value == "output-mismatch":
        return []
    return text.mismatch_lines(result)


def _folded(summary: str, items: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *items, "", "</details>", ""]
