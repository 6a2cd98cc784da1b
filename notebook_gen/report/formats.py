"""The report files a run can write: a registry, one entry per format.

Both ``execute`` and ``report merge`` offer every format as a ``--NAME FILE``
option; adding a format is adding its name and help to
:data:`notebook_gen.report.files.REPORT_FILES` and its renderer here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.atomic import write_atomic
from notebook_gen.execute.results import RunReport
from notebook_gen.report import html_page, json_file, junit, markdown
from notebook_gen.report.files import REPORT_FILES


@dataclass(frozen=True)
class ReportFormat:
    """A report file: its option name (``--junit``), what it is for, how to render it."""

    name: str
    help: str
    render: Callable[[RunReport], str]


_RENDERERS = {"junit": junit.render, "json": json_file.render, "summary": markdown.render,
              "html": html_page.render}

FORMATS: tuple[ReportFormat, ...] = tuple(
    ReportFormat(name, help_text, _RENDERERS[name]) for name, help_text in REPORT_FILES)
"""Each report file of :data:`~notebook_gen.report.files.REPORT_FILES` (which the command
line offers without loading a renderer) with its renderer."""


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
