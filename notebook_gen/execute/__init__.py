"""Execute generated notebooks and report on them like a test suite (``notebook-gen execute``).

One module per job: ``select`` (which notebooks), ``environment`` (what the
kernel has), ``runner`` (one notebook, one kernel), ``triage`` (failure
classes), ``outputs`` (expected output comparison), ``pool`` (parallel runs,
signals), ``cache``, ``shard``, ``executed`` (saved copies), ``api`` (the
pipeline) and ``command`` (the CLI).
"""

from __future__ import annotations

from notebook_gen.execute.api import execute_notebooks
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import (
    CellFailure,
    FailureKind,
    NotebookResult,
    OutputMismatch,
    RunReport,
    Status,
)

__all__ = [
    "CellFailure",
    "ExecuteOptions",
    "FailureKind",
    "NotebookResult",
    "OutputCheck",
    "OutputMismatch",
    "RunReport",
    "Status",
    "execute_notebooks",
]
