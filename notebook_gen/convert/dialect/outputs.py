"""Fences that show what a sample printed, not code to run.

Pages often follow a sample with its result in a fence of its own: ```` ```python out ````
(see :class:`~notebook_gen.convert.dialect.fences.FenceKind`), a Python fence holding a
traceback, or a Python fence holding only the printed value (``beagle_32.jpg``, a dict).
Run top to bottom, each of those would fail the notebook. Right after a sample (only
blank lines between), such a fence is that sample's output; elsewhere a traceback or an
output fence stays in the markdown as written.

A Python fence is a printed value when it is not Python, not even its first line, and that
line starts as a printed value does (``tensor([0.5], grad_fn=<AddBackward0>)``), or when
it only evaluates expressions that call no method and use no name that the page's earlier
samples define, nor a builtin (nor IPython's ``_``): running it could only raise
``NameError`` or echo a constant, as ``beagle_32.jpg`` or ``tensor([[0.1]])`` would.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from collections.abc import Collection

from notebook_gen.convert.samples import TRACEBACK, is_doctest

_BUILTINS = frozenset(dir(builtins)) | {"_"}
_SHELL_OR_MAGIC = ("!", "%")
_REPR_START = re.compile(r"\s*(?:[<\[{('\"]|(?P<name>\w+)[(\[{<])")
"""How a printed value starts: a bracket, a quote, ``<object ...>`` or ``Name(`` (a class
the page never defines, not ``print(`` or a method call)."""


def is_traceback(content: str) -> bool:
    return content.lstrip().startswith(TRACEBACK)


def defined_names(code: str) -> set[str]:
    """Names a piece of code binds at any level (assignments, imports, defs, loops)."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _parsed(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def looks_like_output(content: str, defined: Collection[str]) -> bool:
    """True when a Python fence right after a sample holds only what that sample printed."""
    source = textwrap.dedent(content).strip("\n")
    if not source.strip() or is_doctest(source):
        return False
    if any(line.lstrip().startswith(_SHELL_OR_MAGIC) for line in source.splitlines()):
        return False  # notebook shell escapes and magics: code, though not Python
    tree = _parsed(source)
    if tree is None:  # not Python: a printed repr, or code with a mistake (kept as code)
        first = next(line for line in source.splitlines() if line.strip())
        start = _REPR_START.match(first)
        return (_parsed(first.strip()) is None and start is not None
                and not _known(start["name"] or "", defined))
    if not tree.body or not all(isinstance(statement, ast.Expr) for statement in tree.body):
        return False
    if any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
           for node in ast.walk(tree)):
        return False  # ``model.generate(...)``: it does something
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return not any(_known(name, defined) for name in used)


def _known(name: str, defined: Collection[str]) -> bool:
    return name in _BUILTINS or name in defined
