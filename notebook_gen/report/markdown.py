"""``--summary FILE.md``: a Markdown summary for a CI job page (``$GITHUB_STEP_SUMMARY``).

Failures are listed by page, one row each: the page's notebooks with their verdicts (each
linked to Colab when the repository is known), then each failure once, with its line
linked to the page's source on GitHub.

Text from notebooks is data, not markup: an exception message holding
``<details>`` or ``<img src=...>`` is shown, not rendered (``<``, ``>`` and ``&``
become entities), and a notebook name holding backticks stays one code span
(its fence is longer than any run of backticks inside it).
"""

from __future__ import annotations

import html
import re

from notebook_gen.execute.results import NotebookResult, RunReport, SourceRepository, Status
from notebook_gen.report import text
from notebook_gen.report.pages import PageGroup, by_page, colab_url, source_url, variant

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
    failed = [group for group in by_page(report.results) if group.verdict is Status.FAILED]
    if failed:
        lines += [
            "| page | notebooks | class | code cell | doc line | what happened |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_page_row(group, report.repository) for group in failed]
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


def _page_row(group: PageGroup, repository: SourceRepository | None) -> str:
    """One page: its notebooks' verdicts, then its failures (one per line of the cell), a
    failure its shared run already shows left out."""
    shown = [result for result in group.results if result.failure is not None
             and not _same_as_its_run(result, group)]
    columns: list[list[str]] = [[], [], [], []]
    for result in shown:
        doc_line = text.doc_line(result)
        url = source_url(repository, doc_line)
        said = prose(text.detail(result))
        columns[0].append(text.kind(result))
        columns[1].append(text.cell(result))
        columns[2].append((f"[{code(doc_line)}]({url})" if url else code(doc_line))
                          if doc_line else "")
        columns[3].append(f"{variant(result.name)}: {said}" if len(shown) > 1 else said)
    cells = [code(group.title), " · ".join(_verdict(r, repository) for r in group.results),
             *("<br>".join(column) for column in columns)]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _verdict(result: NotebookResult, repository: SourceRepository | None) -> str:
    url = colab_url(repository, result.name)
    name = variant(result.name) if result.page else "notebook"
    label = f"[{name}]({url})" if url else name
    return f"{label} {ICONS[result.status]}"


def _same_as_its_run(result: NotebookResult, group: PageGroup) -> bool:
    run = next((other for other in group.results if other.name == result.shared_run), None)
    return run is not None and run.failure == result.failure


def _warnings(result: NotebookResult) -> list[str]:
    if result.failure is not None and result.failure.kind.value == "output-mismatch":
        return []
    return text.mismatch_lines(result)


def _folded(summary: str, items: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *items, "", "</details>", ""]
