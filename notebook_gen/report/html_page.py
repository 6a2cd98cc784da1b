"""``--html FILE``: one self-contained page to read after the nightly run.

One row per page, its notebooks (Mixed, PyTorch, TensorFlow, ...) under it, each with its
verdict, a bar scaled to the slowest notebook and, when it failed, its failure: the message
once, as the summary of a ``<details>`` that folds the cell's source and the traceback.
When the report knows the repository, the failing line links to the page's line on GitHub
and each notebook to Colab.

No scripts, fonts or stylesheets from the network: the CSS is inline and the folding is
``<details>``. Text from notebooks is data: markup is escaped, colour codes are removed and
every other control character is written as a visible escape (``\\x00``), so the file
never carries a raw NUL, ESC or terminal hyperlink.
"""

from __future__ import annotations

from html import escape

from notebook_gen.execute.results import NotebookResult, RunReport, SourceRepository, Status
from notebook_gen.report import text
from notebook_gen.report.pages import PageGroup, by_page, colab_url, source_url, variant

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
tr.page-row th { background: #f0f3f6; border-top: 2px solid #bbb; }
td.variant { padding-left: 2em; }
.label { white-space: nowrap; font-weight: 600; }
a.line code { word-break: break-all; }
.status { font-weight: bold; border-radius: 3px; padding: 1px 6px; color: #fff; }
.passed { background: #2e7d32; } .failed { background: #c62828; }
.skipped { background: #757575; } .cached { background: #1565c0; }
.bar { background: #90caf9; height: 10px; min-width: 1px; }
.barcell { width: 20%; }
.counts, .shared { color: #555; font-weight: normal; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
.warning { color: #8d6e00; }
"""

COLUMNS = ("page / notebook", "status", "class", "seconds", "duration", "code cell", "doc line")


def render(report: RunReport) -> str:
    """The report as a standalone HTML document."""
    slowest = max((result.seconds for result in report.results), default=0.0) or 1.0
    by_name = {result.name: result for result in report.results}
    pages = "\n".join(_page(group, report.repository, slowest, by_name)
                      for group in by_page(report.results))
    title = "Notebook execution: " + ("failures" if report.failed else "all green")
    facts = ", ".join(f"{k}: {v}" for k, v in sorted(report.meta.items()))
    header = "".join(f'<th class="barcell">{name}</th>' if name == "duration" else
                     f"<th>{name}</th>" for name in COLUMNS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_h(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{_h(title)}</h1>
<p>{_h(text.totals(report))}</p>
{"".join(f'<p class="warning">warning: {_h(line)}</p>' for line in report.warnings)}
<p>{_h(facts)}</p>
<table>
<thead><tr>{header}</tr></thead>
{pages}
</table>
</body>
</html>
"""


def _h(value: str) -> str:
    """``value`` as HTML text or attribute: escaped, without colour codes or raw controls."""
    return escape(text.printable(value))


def _link(url: str | None, label: str, css: str) -> str:
    return label if url is None else f'<a class="{css}" href="{_h(url)}">{label}</a>'


def _page(group: PageGroup, repository: SourceRepository | None, slowest: float,
          by_name: dict[str, NotebookResult]) -> str:
    verdict = group.verdict.value
    counts = ", ".join(f"{n} {status.value}" for status in text.ORDER
                       if (n := sum(r.status is status for r in group.results)))
    title = _link(source_url(repository, group.page), f"<code>{_h(group.title)}</code>",
                  "source")
    head = (f'<tr class="page-row"><th colspan="{len(COLUMNS)}">{title} '
            f'<span class="status {verdict}">{verdict}</span> '
            f'<span class="counts">{_h(counts)}</span></th></tr>')
    rows = "\n".join(_row(result, repository, slowest, by_name) for result in group.results)
    return f'<tbody class="page" data-page="{_h(group.title)}">\n{head}\n{rows}\n</tbody>'


def _row(result: NotebookResult, repository: SourceRepository | None, slowest: float,
         by_name: dict[str, NotebookResult]) -> str:
    width = 100 * result.seconds / slowest
    status = result.status.value
    notebook = _link(colab_url(repository, result.name), _h(result.name), "colab")
    doc_line = text.doc_line(result) if result.status is Status.FAILED else ""
    where = _link(source_url(repository, doc_line), f"<code>{_h(doc_line)}</code>",
                  "line") if doc_line else ""
    cells = [
        f"{_label(result)}{notebook}{_details(result, by_name)}",
        f'<span class="status {status}">{status}</span>',
        _h(text.kind(result)),
        f"{result.seconds:.1f}",
        f'<div class="bar" style="width: {width:.1f}%"></div>',
        _h(text.cell(result)),
        where,
    ]
    return (f'<tr class="notebook" data-notebook="{_h(result.name)}">'
            f'<td class="variant">{cells[0]}</td>'
            + "".join(f"<td>{cell}</td>" for cell in cells[1:]) + "</tr>")


def _label(result: NotebookResult) -> str:
    """The variant (``Mixed``, ``PyTorch``...), for a notebook built from a known page."""
    return f'<span class="label">{_h(variant(result.name))}</span> ' if result.page else ""


def _details(result: NotebookResult, by_name: dict[str, NotebookResult]) -> str:
    parts = []
    failure = result.failure
    run = by_name.get(result.shared_run or "")
    same = failure is not None and run is not None and run.failure == failure
    if result.shared_run:  # the failure its run's row shows is not repeated
        said = text.shared(result) + (": the same failure" if same else "")
        parts.append(f'<div class="shared">{_h(said)}</div>')
    if failure is not None and not same:
        retried = f" (after {result.attempts} attempts)" if result.attempts > 1 else ""
        body = ""
        if failure.source:
            body += f"<p>Cell source</p><pre>{_h(failure.source)}</pre>"
        if failure.traceback:
            body += f"<p>Traceback</p><pre>{_h(failure.traceback)}</pre>"
        parts.append(f"<details><summary>{_h(failure.message + retried)}</summary>"
                     f"{body}</details>")
    elif result.skip_reason:
        parts.append(f"<div>{_h(result.skip_reason)}</div>")
    parts += [f'<div class="warning">{_h(line)}</div>' for line in _warnings(result)]
    return "".join(parts)


def _warnings(result: NotebookResult) -> list[str]:
    if result.failure is not None and result.failure.kind.value == "output-mismatch":
        return []
    return text.mismatch_lines(result)
