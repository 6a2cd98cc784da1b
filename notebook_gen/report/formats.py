"""The report files a run can write: a registry, one entry per format.

Both ``execute`` and ``report merge`` offer every format as a ``--NAME FILE`` option;
adding a format is adding its entry to :data:`FORMATS`: its name, what it is for, and the
module whose ``render(report) -> str`` writes it. The command line builds its options from
here, so a renderer is imported only when a report is written (``--help`` loads none).
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notebook_gen.atomic import write_atomic

if TYPE_CHECKING:
    from notebook_gen.execute.results import RunReport


@dataclass(frozen=True)
class ReportFormat:
    """A report file: its option name (``--junit``), what it is for, how to render it."""

    name: str
    help: str
    module: str
    """The module (in this package) whose ``render`` writes the file."""

    def render(self, report: RunReport) -> str:
        renderer = importlib.import_module(f"notebook_gen.report.{self.module}")
        text: str = renderer.render(report)
        return text


FORMATS = (
    ReportFormat("junit", "JUnit XML, one testcase per notebook (for CI dashboards)", "junit"),
    ReportFormat("json", "all results as JSON (input of 'report merge')", "json_file"),
    ReportFormat("summary", "Markdown summary (e.g. $GITHUB_STEP_SUMMARY)", "markdown"),
    ReportFormat("html", "a self-contained HTML page to read after the run", "html_page"),
)


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
