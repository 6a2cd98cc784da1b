"""The report files a run can write: a registry, one entry per format.

Both ``execute`` and ``report merge`` offer every format as a ``--NAME FILE``
option; adding a format is adding an entry here.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--junit FILE``, ``--json FILE``, ... to ``parser``."""
    group = parser.add_argument_group("report files")
    for fmt in FORMATS:
        group.add_argument(f"--{fmt.name}", metavar="FILE", type=Path, help=fmt.help)


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
    """Write ``content`` to ``path`` atomically (a reader never sees half a report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # backslashreplace: a lone surrogate (from a file name) cannot stop a report
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
