"""Reports of an execution run: console table, JUnit XML, JSON, Markdown, HTML, merge.

Each format is one module with a ``render(report) -> str``, listed in
:mod:`notebook_gen.report.formats`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notebook_gen.lazy import lazy_names

if TYPE_CHECKING:
    from notebook_gen.report.formats import FORMATS, write_requested
    from notebook_gen.report.merge import merge

_WHERE = {
    "FORMATS": "notebook_gen.report.formats",
    "write_requested": "notebook_gen.report.formats",
    "merge": "notebook_gen.report.merge",
}
"""Public name -> its module, imported on first use: ``--help`` pays for no renderer."""


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = [
    "FORMATS",
    "merge",
    "write_requested",
]
