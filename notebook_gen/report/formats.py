"""The report files a run can write: a registry, one entry per format.

Both ``execute`` and ``report merge`` offer every format as a ``--NAME FILE``
option; adding a format is adding an entry here and in
:data:`notebook_gen.commands.options.REPORT_FILES`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.atomic import write_atomic
from notebook_gen.execute.results import RunReport
from notebook_gen.report import html_page, json_file, junit, markdown


@dataclass(frozen=True)
class ReportFormat:
    """A report file: its option name (``--junit``), what it is for, how to render it."""

    name: str
    help: str
    render: Callable[[RunReport], str]


FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("junit", "JUnit XML, one testcase per notebook (for CI dashboards)", junit.render),
    ReportFormat("json", "all results as JSON (input of 'report merge')", json_file.render),
    ReportFormat("summary", "Markdown summary (e.g. $GITHUB_STEP_SUMMARY)", markdown.render),
    ReportFormat("html", "a self-contained HTML page to read after the run", html_page.render),
)
"""The command line offers them from :data:`notebook_gen.commands.options.REPORT_FILES`
(names and help without the renderers, for a quick ``--help``; a test keeps them equal)."""


def write_requested(report: RunReport, args: argparse.Namespace) -> list[Path]:
    """Write each report file the arguments ask for; the paths written."""
    written = []
    for fmt in FORMATS:
        path = getattr(args, fmt.name, None)
        if path is not None:
            write(path, fmt.render(report))
            written.append(path)
    return written


def write(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` atomically (a reader never sees half a report);
    backslashreplace: a lone surrogate (from a file name) cannot stop a report."""
    write_atomic(path, content, errors="backslashreplace")
