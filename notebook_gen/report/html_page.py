"""``--html FILE``: one self-contained page to read after the nightly run.

No scripts, fonts or stylesheets from the network: the CSS is inline and the
folding is ``<details>``. Each notebook gets a status colour and a bar scaled to
the slowest notebook; a failure folds its cell source and traceback under it.
"""

from __future__ import annotations

from html import escape

from notebook_gen.execute.results import NotebookResult, RunReport, Status
from notebook_gen.report import text

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
.status { font-weight: bold; border-radius: 3px; padding: 1px 6px; color: #fff; }
.passed { background: #2e7d32; } .failed { background: #c62828; }
.skipped { background: #757575; } .cached { background: #1565c0; }
.bar { background: #90caf9; height: 10px; min-width: 1px; }
.barcell { width: 20%; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
.warning { color: #8d6e00; }
"""


def render(report: RunReport) -> str:
    """The report as a standalone HTML document."""
    slowest = max((result.seconds for result in report.results), default=0.0) or 1.0
    rows = "\n".join(_row(result, slowest) for result in report.results)
    title = "Notebook execution: " + ("failures" if report.failed else "all green")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p>{escape(text.totals(report))}</p>
{"".join(f'<p class="warning">warning: {escape(line)}</p>' for line in report.warnings)}
<p>{escape(", ".join(f"{k}: {v}" for k, v in sorted(report.meta.items())))}</p>
<table>
<thead><tr><th>notebook</th><th>status</th><th>class</th><th>seconds</th>
<th class="barcell">duration</th><th>code cell</th><th>doc line</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _row(result: NotebookResult, slowest: float) -> str:
    width = 100 * result.seconds / slowest
    status = result.status.value
    cells = [
        escape(result.name) + _details(result),
        f'<span class="status {status}">{status}</span>',
        escape(text.kind(result)),
        f"{result.seconds:.1f}",
        f'<div class="bar" style="width: {width:.1f}%"></div>',
        escape(text.cell(result)),
        f"<code>{escape(text.doc_line(result))}</code>" if result.status is Status.FAILED else "",
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _details(result: NotebookResult) -> str:
    parts = []
    failure = result.failure
    if failure is not None:
        body = f"<p>{escape(text.detail(result))}</p>"
        if failure.source:
            body += f"<p>Cell source</p><pre>{escape(failure.source)}</pre>"
        if failure.traceback:
            body += f"<p>Traceback</p><pre>{escape(failure.traceback)}</pre>"
        parts.append(f"<details><summary>{escape(failure.message)}</summary>{body}</details>")
    elif result.skip_reason:
        parts.append(f"<div>{escape(result.skip_reason)}</div>")
    parts += [f'<div class="warning">{escape(line)}</div>' for line in _warnings(result)]
    return "".join(parts)


def _warnings(result: NotebookResult) -> list[str]:
    if result.failure is not None and result.failure.kind.value == "output-mismatch":
        return []
    return text.mismatch_lines(result)
