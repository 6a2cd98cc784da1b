"""Where a failure is on the page: the line of the failing statement, not of the cell.

Each cell carries the page line of its first line (``cell.metadata.notebook_gen.line``),
and a cell's lines are the page's lines in order: the converter strips doctest
prompts and cuts a sample into cells at its outputs, but never adds or removes a
line inside a cell. So line ``k`` of a cell is page line ``line + k - 1``, and
IPython's traceback names ``k`` for each frame of cell code (``Cell In[7], line 3``;
IPython 8.0-8.4 wrote ``Input In [7], in <cell line: 3>()``). The innermost frame of
the failing cell's own execution is the statement to fix; frames of other cells (a
function defined earlier) and of libraries are not on this cell's lines.

Cells are counted among code cells ("code cell 3"), as a reader of the notebook
counts them; the notebook's own cell index also counts markdown cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from notebook_gen.convert import metadata

_FRAME = re.compile(
    r"(?:Cell In ?\[(?P<count>\d+)\], line (?P<line>\d+)"
    r"|Input In ?\[(?P<count_old>\d+)\], in <cell line: (?P<line_old>\d+)>)"
)


@dataclass(frozen=True)
class CellAt:
    """A cell of the notebook being run, with its two numbers."""

    cell: Any
    index: int
    """0-based index among all cells (as stored in results)."""
    code_cell: int
    """1-based number among code cells (as said in messages)."""


def code_cells(notebook: Any) -> list[CellAt]:
    """The notebook's code cells, numbered."""
    found: list[CellAt] = []
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") == "code":
            found.append(CellAt(cell, index, len(found) + 1))
    return found


@dataclass(frozen=True)
class PageRef:
    """Where a notebook's cells come from, to point failures at documentation lines."""

    page: str | None = None
    """``<docs_root>/<source>`` of the page."""
    docs_root: str | None = None

    def locate(self, cell: Any, line_in_cell: int | None = None) -> str | None:
        """``<docs_root>/<source>:<line>`` (of ``line_in_cell``, 1-based, when given),
        or ``<docs_root>/<origin>`` for a cell the build added (install cells from
        ``_config.py``), or None when unknown."""
        info = cell.get("metadata", {}).get(metadata.KEY, {})
        origin = info.get(metadata.ORIGIN)
        if origin:
            return str(PurePosixPath(self.docs_root or "") / origin)
        line = info.get(metadata.LINE)
        if self.page is None:
            return None
        if not isinstance(line, int) or line < 1:
            return self.page
        return f"{self.page}:{line + (line_in_cell or 1) - 1}"


def statement_line(traceback: str, cell: Any) -> int | None:
    """The 1-based line of ``cell`` that raised, read from its plain-text traceback.

    None when the traceback names no frame of this cell's execution (a kernel that
    does not number cells, an error raised before the cell ran).
    """
    count = cell.get("execution_count")
    if not isinstance(count, int):
        return None
    lines = len(str(cell.get("source", "")).splitlines())
    found = None
    for match in _FRAME.finditer(traceback):
        number = int(match["count"] or match["count_old"])
        line = int(match["line"] or match["line_old"])
        if number == count and 1 <= line <= max(lines, 1):
            found = line  # the last one is the innermost frame
    return found


def describe_cell(code_cell: int | None, where: str | None) -> str:
    """``code cell 3 (docs/source/en/quicktour.md:123)``."""
    what = f"code cell {code_cell}" if code_cell is not None else "a cell"
    return f"{what} ({where})" if where else what
