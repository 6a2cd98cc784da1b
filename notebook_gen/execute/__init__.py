"""Execute generated notebooks and report on them like a test suite (``notebook-gen execute``).

One module per job: ``jobs`` (find and read notebooks), ``select`` (which to
run, which to skip), ``units`` (notebooks whose code is the same share one run),
``gpu`` (which need CUDA), ``environment`` (what the kernel has), ``runner``
(one notebook, one kernel, one directory), ``cells`` (its cells, judged by the
kernel's replies), ``kernel`` and ``reap`` (start and stop kernels and everything
they start), ``triage`` (failure classes),
``locate`` (the page line of a failure), ``clip`` (bounded, encodable text),
``outputs`` (expected output comparison), ``pool`` (parallel runs, kernels
started ahead, signals), ``cache``, ``shard``, ``executed`` (saved copies) and
``api`` (the pipeline). The CLI is :mod:`notebook_gen.commands.execute`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notebook_gen.lazy import lazy_names

if TYPE_CHECKING:
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

_WHERE = {
    "execute_notebooks": "notebook_gen.execute.api",
    "ExecuteOptions": "notebook_gen.execute.options",
    "OutputCheck": "notebook_gen.execute.options",
    "CellFailure": "notebook_gen.execute.results",
    "FailureKind": "notebook_gen.execute.results",
    "NotebookResult": "notebook_gen.execute.results",
    "OutputMismatch": "notebook_gen.execute.results",
    "RunReport": "notebook_gen.execute.results",
    "Status": "notebook_gen.execute.results",
}
"""Public name -> its module, imported on first use: a command that only parses its
arguments pays for none of the kernel machinery."""


__getattr__ = lazy_names(__name__, _WHERE)


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
