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
from functools import lru_cache

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


def _guarded(node: ast.Try | ast.TryStar) -> bool:
    for handler in node.handlers:
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(isinstance(n, ast.Name) and n.id in _GUARDS
                                       for n in names):
            return True
    return False


def _collect(statements: list[ast.stmt], found: list[Import], optional: bool) -> None:
    """Imports in a statement list and the statement lists nested in it (with the
    optional ones when ``optional``). Imports are statements, so expressions are never
    walked: the lint stays cheap on long cells."""
    for node in statements:
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append(Import(node.module.split(".")[0], node.lineno))
        elif not optional and isinstance(node, ast.Try | ast.TryStar) and _guarded(node):
            for name in ("orelse", "finalbody"):
                _collect(getattr(node, name), found, optional)
            for handler in node.handlers:
                _collect(handler.body, found, optional)
        else:
            for name in ("body", "orelse", "finalbody"):
                _collect(getattr(node, name, []), found, optional)
            for nested in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                _collect(nested.body, found, optional)


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


@lru_cache(maxsize=4096)
def imports_of(cell_source: str, optional: bool = False) -> tuple[Import, ...]:
    """Every absolute import in a code cell, in order; those guarded by ``try: ...
    except ImportError`` only with ``optional``. Cached: a page's variants share most
    of their cells."""
    if "import" not in cell_source:
        return ()
    source = python_source(cell_source)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return tuple(_by_regex(source))
    found: list[Import] = []
    _collect(tree.body, found, optional)
    return tuple(found)
