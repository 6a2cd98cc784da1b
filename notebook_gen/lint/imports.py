"""The top-level modules a code cell imports, with the cell line of each import.

Cells are Python with IPython lines (``!pip ...``, ``%time``) mixed in: those are blanked
(kept as ``pass`` so indentation and line numbers hold) and the rest parsed with ``ast``.
A cell that still does not parse (a sample with ``...`` placeholders) is scanned by a
regex instead. Imports guarded by ``try: ... except ImportError`` are optional: skipped.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_MAGIC = re.compile(r"^(\s*)[!%]")
_IMPORT_LINE = re.compile(
    r"^\s*(?:from\s+(?P<from>[A-Za-z_]\w*)[\w.]*\s+import\b|import\s+(?P<names>[\w.,\s]+?)\s*(?:#|$))"
)
_GUARDS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


@dataclass(frozen=True)
class Import:
    module: str
    """The top-level module (``transformers`` for ``from transformers.pipelines import x``)."""
    line: int
    """1-based line within the cell."""


def python_source(cell_source: str) -> str:
    """The cell with IPython shell/magic lines replaced by ``pass`` (same line count)."""
    return "\n".join(_MAGIC.sub(r"\1pass  # ", line) if _MAGIC.match(line) else line
                     for line in cell_source.split("\n"))


def _guarded(node: ast.Try) -> bool:
    for handler in node.handlers:
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(isinstance(n, ast.Name) and n.id in _GUARDS
                                       for n in names):
            return True
    return False


class _Collector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[Import] = []

    def visit_Try(self, node: ast.Try) -> None:
        if not _guarded(node):
            self.generic_visit(node)
            return
        for child in (*node.handlers, *node.orelse, *node.finalbody):
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append(Import(alias.name.split(".")[0], node.lineno))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.found.append(Import(node.module.split(".")[0], node.lineno))


def _by_regex(source: str) -> list[Import]:
    found: list[Import] = []
    for number, line in enumerate(source.split("\n"), 1):
        match = _IMPORT_LINE.match(line)
        if match is None:
            continue
        if match["from"]:
            found.append(Import(match["from"], number))
            continue
        for name in match["names"].split(","):
            words = name.split()
            if words and re.fullmatch(r"[A-Za-z_][\w.]*", words[0]):
                found.append(Import(words[0].split(".")[0], number))
    return found


def imports_of(cell_source: str) -> list[Import]:
    """Every non-optional, absolute import in a code cell, in order."""
    source = python_source(cell_source)
    if "import" not in source:
        return []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _by_regex(source)
    collector = _Collector()
    collector.visit(tree)
    return collector.found
