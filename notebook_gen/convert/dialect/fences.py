"""Which fenced blocks are Python samples, which are package installs, which show a
sample's printed output, which stay prose."""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from collections.abc import Collection
from enum import Enum

from notebook_gen.convert.dialect.installs import why_not_in_colab
from notebook_gen.convert.samples import TRACEBACK, is_doctest

PYTHON_INFOS = frozenset({"py", "python", "python3", "py3", "pycon", "ipython", "ipython3"})
SHELL_INFOS = frozenset({"bash", "sh", "shell", "console", "zsh"})

_INSTALL = re.compile(r"^(?:!|\$\s*)?\s*(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b")


_OUTPUT_WORDS = frozenset({"out", "output"})
"""A second word of the info string that marks a printed result (```` ```python out ````)."""


class FenceKind(Enum):
    PYTHON = "python"
    INSTALL = "install"
    LOCAL_INSTALL = "local_install"
    """An install for a developer's machine (:mod:`.installs`): shown as text, never run."""
    OUTPUT = "output"
    """A printed result: the previous sample's output, never a runnable cell."""
    PROSE = "prose"


def fence_language(info: str) -> str:
    """The language word of a fence's info string (``py`` in ```` ```py title="x" ````)."""
    return info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""


def is_install_block(content: str) -> bool:
    """True when every command line of a shell block is a ``pip install``."""
    commands = [line.strip() for line in content.splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    return bool(commands) and all(_INSTALL.match(line) for line in commands)


def classify_fence(info: str, content: str) -> FenceKind:
    language = fence_language(info)
    if _OUTPUT_WORDS.intersection(word.lower() for word in info.split()[1:]):
        return FenceKind.OUTPUT
    if language in PYTHON_INFOS:
        return FenceKind.PYTHON
    if not language and content.lstrip(" \t").startswith(">>>"):
        return FenceKind.PYTHON  # a bare doctest fence
    if language in SHELL_INFOS and is_install_block(content):
        if any(why_not_in_colab(line) for line in content.splitlines()):
            return FenceKind.LOCAL_INSTALL
        return FenceKind.INSTALL
    return FenceKind.PROSE


def install_cell_source(content: str) -> str:
    """Shell install lines as notebook shell escapes (``!pip install ...``)."""
    lines = []
    for raw in content.rstrip("\n").splitlines():
        line = raw.strip()
        if line.startswith("$"):
            line = line[1:].lstrip()
        if line and not line.startswith(("#", "!")):
            line = "!" + line
        lines.append(line)
    return "\n".join(lines)


# Fences that show what a sample printed, not code to run.
#
# Pages often follow a sample with its result in a fence of its own: ```` ```python out ````
# (see :class:`FenceKind`), a Python fence holding a
# traceback, or a Python fence holding only the printed value (``beagle_32.jpg``, a dict).
# Run top to bottom, each of those would fail the notebook. Right after a sample (only
# blank lines between), such a fence is that sample's output; elsewhere a traceback or an
# output fence stays in the markdown as written.
#
# A Python fence is a printed value when it is not Python, not even its first line, and that
# line starts as a printed value does (``tensor([0.5], grad_fn=<AddBackward0>)``), or when
# it only evaluates expressions that call no method and use no name that the page's earlier
# samples define, nor a builtin (nor IPython's ``_``): running it could only raise
# ``NameError`` or echo a constant, as ``beagle_32.jpg`` or ``tensor([[0.1]])`` would.
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
