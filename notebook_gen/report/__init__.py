"""Reports of an execution run: console table, JUnit XML, JSON, Markdown, HTML, merge.

Each format is one module with a ``render(report) -> str``, listed in
:mod:`notebook_gen.report.formats`.
"""

from __future__ import annotations

from notebook_gen.report.formats import FORMATS, write_requested
from notebook_gen.report.merge import merge

__all__ = ["FORMATS", "merge", "write_requested"]
