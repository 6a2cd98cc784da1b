"""A language's ``_config.py``, read statically: never imported, never executed.

The install cells come from ``notebook_first_cells`` (a list of cells) when the file
defines it, else from ``INSTALL_CONTENT`` (one code cell; some libraries' configs define
only that). A config that defines neither gets the build's default install cell
(:func:`default_install_cells`).

Only those two names, and the assignments they depend on, are evaluated, with ``ast``
(:func:`static_names`). A ``_config.py`` is hostile input like any page; three rules keep
reading it cheap:

* only the names asked for, and the assignments they depend on, are evaluated (a
  ``_config.py`` may build anything it likes in names the notebooks never use);
* every value has a size (characters of its strings plus one per container item), and
  no value may grow past :data:`MAX_SIZE`: a string doubled 40 times stops at the limit
  with an error instead of taking gigabytes;
* ``a + b + c + ...`` chains are evaluated in a loop, so a 1,500-term chain needs no
  deeper stack than a two-term one.

Understood: literals (strings, numbers, ``None``, booleans), lists, tuples, dicts, names
assigned earlier and ``+`` of those (``X += ...`` included). Anything else is fine unless
a needed name uses it.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notebook_gen.builder.inputs.discover import CONFIG_NAME
from notebook_gen.convert.metadata import TAG_INSTALL
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.model import CellSpec
from notebook_gen.regular_file import FileTooLargeError, read_regular

MAX_SIZE = 1_000_000
"""The largest value a config may build: a million characters (an install cell is a few
hundred)."""


class NotStaticError(Exception):
    """A needed value that cannot be read without running the file (or is too big)."""

    def __init__(self, node: ast.AST, why: str) -> None:
        super().__init__(why)
        self.line: int | None = getattr(node, "lineno", None)


@dataclass(frozen=True, slots=True)
class _Sized:
    value: Any
    size: int


def _assigned(statement: ast.stmt) -> tuple[list[str], ast.expr] | None:
    """The simple names a module-level assignment binds, and its value expression."""
    if isinstance(statement, ast.Assign):
        targets, value = statement.targets, statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets, value = [statement.target], statement.value
    elif (isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Add)
          and isinstance(statement.target, ast.Name)):  # ``X += e`` is ``X = X + e``
        name = ast.Name(statement.target.id, ast.Load())
        targets = [statement.target]
        value = ast.copy_location(ast.BinOp(ast.copy_location(name, statement), ast.Add(),
                                            statement.value), statement)
    else:
        return None
    return [t.id for t in targets if isinstance(t, ast.Name)], value


def _names_in(node: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _needed_statements(body: list[ast.stmt], wanted: Iterable[str]) -> set[int]:
    """Indexes of the assignments the wanted names depend on, found walking backwards:
    a name used at statement *i* means its last assignment before *i*."""
    needed = set(wanted)
    chosen: set[int] = set()
    for index in range(len(body) - 1, -1, -1):
        assigned = _assigned(body[index])
        if assigned is None or not needed.intersection(assigned[0]):
            continue
        chosen.add(index)
        names, value = assigned
        if len(names) == 1:  # ``a = b = x`` keeps the others wanted, rarely matters
            needed.discard(names[0])
        needed |= _names_in(value)
    return chosen


class _Evaluator:
    def __init__(self) -> None:
        self.names: dict[str, _Sized] = {}
        self.failures: dict[str, NotStaticError] = {}

    def value(self, node: ast.expr) -> _Sized:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._sum(node)
        if isinstance(node, ast.Constant):
            size = len(node.value) if isinstance(node.value, str | bytes) else 1
            return _Sized(node.value, size)
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in self.failures:  # the reason, not "not defined"
                raise self.failures[node.id]
            raise NotStaticError(node, f"name {node.id!r} is not defined before it is used")
        if isinstance(node, ast.List | ast.Tuple):
            items = [self.value(element) for element in node.elts]
            values = [item.value for item in items]
            size = _bounded(node, len(items) + sum(item.size for item in items))
            return _Sized(values if isinstance(node, ast.List) else tuple(values), size)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        kind = type(node).__name__
        raise NotStaticError(node, f"a {kind} expression would need the file to be executed")

    def _dict(self, node: ast.Dict) -> _Sized:
        if any(key is None for key in node.keys):
            raise NotStaticError(node, "dict unpacking (**) cannot be read statically")
        pairs = [(self.value(k), self.value(v))
                 for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        size = _bounded(node, len(pairs) + sum(k.size + v.size for k, v in pairs))
        try:
            return _Sized({k.value: v.value for k, v in pairs}, size)
        except TypeError:
            raise NotStaticError(node, "a dict key that is not hashable") from None

    def _sum(self, node: ast.BinOp) -> _Sized:
        """``a + b + c``: the left-nested chain unrolled into a loop."""
        operands: list[ast.expr] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            operands.append(current.right)
            current = current.left
        operands.append(current)
        total = self.value(operands.pop())
        while operands:
            right = self.value(operands.pop())
            size = _bounded(node, total.size + right.size)
            try:
                total = _Sized(total.value + right.value, size)
            except TypeError as error:
                raise NotStaticError(node, f"cannot add these values: {error}") from None
        return total


def _bounded(node: ast.AST, size: int) -> int:
    if size > MAX_SIZE:
        raise NotStaticError(node, f"builds a value larger than {MAX_SIZE:,} characters; "
                             "a config value is a few cells of text")
    return size


def static_names(tree: ast.Module, wanted: Iterable[str]
                 ) -> tuple[dict[str, Any], dict[str, NotStaticError]]:
    """Values of the ``wanted`` module-level names (those assigned), and why the others
    that are assigned have none."""
    wanted = set(wanted)
    evaluator = _Evaluator()
    failures = evaluator.failures
    for index in sorted(_needed_statements(tree.body, wanted)):
        names, value = _assigned(tree.body[index]) or ([], None)
        assert value is not None
        try:
            result: _Sized | NotStaticError = evaluator.value(value)
        except NotStaticError as error:
            result = error
        for name in names:
            if isinstance(result, NotStaticError):
                evaluator.names.pop(name, None)
                failures[name] = result
            else:
                evaluator.names[name] = result
                failures.pop(name, None)
    values = {name: evaluator.names[name].value for name in wanted if name in evaluator.names}
    return values, {name: failures[name] for name in wanted if name in failures}


FIRST_CELLS = "notebook_first_cells"
INSTALL_CONTENT = "INSTALL_CONTENT"
_MAX_BYTES = 8 * MAX_SIZE
DEFAULT_ORIGIN = "notebook-gen default (no install cells configured)"
_GIT_URL = re.compile(r"git\+(?:https?|ssh)://[^\s'\"#]*?/(?P<name>[A-Za-z0-9_.-]+?)"
                      r"(?:\.git)?/?(?=[\s'\"@#]|$)", re.MULTILINE)


@dataclass(frozen=True)
class LanguageConfig:
    """What a language's config contributes: the cells prepended to its notebooks."""

    path: str | None
    first_cells: tuple[CellSpec, ...]
    warnings: tuple[PageWarning, ...] = ()
    source: str | None = None
    """The name the cells came from (``notebook_first_cells`` or ``INSTALL_CONTENT``);
    None when the config defines neither, or there is no config."""

    def install_text(self) -> str:
        """The text of its code cells (where a ``git+https`` URL names the package)."""
        return "\n".join(cell.source for cell in self.first_cells if cell.kind == "code")


def default_install_cells(package: str) -> tuple[CellSpec, ...]:
    """The install cell of a language whose config names none: the documented package."""
    return (CellSpec("code", f"!pip install {package}", 0, tags=(TAG_INSTALL,),
                     origin=DEFAULT_ORIGIN),)


def git_package(text: str) -> str | None:
    """The repository name of the first ``git+https://.../<name>.git`` URL in ``text``."""
    found = _GIT_URL.search(text)
    return found["name"] if found else None


def _cell(item: Any, path: str, line: int | None) -> CellSpec:
    if not isinstance(item, dict) or not isinstance(item.get("content"), str):
        raise PageError(path, line, f"{FIRST_CELLS} items must be dicts with a 'content' string")
    kind = item.get("type", "code")
    if kind not in ("code", "markdown"):
        raise PageError(path, line, f"cell type {kind!r} is not 'code' or 'markdown'")
    tags = (TAG_INSTALL,) if kind == "code" else ()
    return CellSpec(kind, item["content"].strip("\n"), 0, tags=tags, origin=path)


def _line_of(tree: ast.Module, name: str) -> int | None:
    return next((s.lineno for s in reversed(tree.body) if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)), None)


def _parse(text: str, path: str) -> ast.Module:
    if len(text) > 2 * MAX_SIZE:
        raise PageError(path, None, f"{len(text):,} characters: too large for a config "
                        f"(at most {2 * MAX_SIZE:,})")
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as error:
        raise PageError(path, error.lineno, f"syntax error: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise PageError(path, None, "an expression nested too deeply to be read "
                        "statically (e.g. a chain of thousands of '+')") from None


def parse_config(text: str, path: str) -> LanguageConfig:
    """Read one ``_config.py`` text. Raises :class:`PageError` when a value the notebooks
    need cannot be read statically (or would be larger than a config value can be)."""
    tree = _parse(text, path)
    try:
        names, failures = static_names(tree, (FIRST_CELLS, INSTALL_CONTENT))
    except RecursionError:
        raise PageError(path, None, "a value nested too deeply to be read statically") from None
    for name in (FIRST_CELLS, INSTALL_CONTENT):
        if name in failures and name not in names:
            failure: NotStaticError = failures[name]
            raise PageError(path, failure.line, f"{name} cannot be read statically: {failure}")
        if name in names:
            return _cells_from(name, names[name], path, _line_of(tree, name))
    return LanguageConfig(path, ())


def _cells_from(name: str, value: Any, path: str, line: int | None) -> LanguageConfig:
    if name == INSTALL_CONTENT:
        if not isinstance(value, str):
            raise PageError(path, line, f"{INSTALL_CONTENT} must be a string")
        return LanguageConfig(path, (_cell({"content": value}, path, line),), source=name)
    if not isinstance(value, list | tuple):
        raise PageError(path, line, f"{FIRST_CELLS} must be a list of cells")
    return LanguageConfig(path, tuple(_cell(item, path, line) for item in value), source=name)


def find_config(docs_root: Path, lang_dir: Path) -> Path | None:
    """The config that applies to a language: its own folder's, else the root's."""
    for folder in (lang_dir, docs_root):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(docs_root: Path, lang_dir: Path) -> LanguageConfig:
    """The language's config, or an empty one when there is none. Its path (in messages
    and in the cells' origin) is relative to the docs root, like a page's."""
    path = find_config(docs_root, lang_dir)
    if path is None:
        return LanguageConfig(None, ())
    display = path.relative_to(docs_root).as_posix()
    try:  # a huge file is refused before it is decoded
        return parse_config(decode_source(read_regular(path, _MAX_BYTES)[1]), display)
    except FileTooLargeError:
        raise PageError(display, None, f"larger than {_MAX_BYTES:,} bytes: too large for a config"
                        ) from None
    except OSError as error:
        raise PageError(display, None, f"cannot read config: {error}") from None
    except UnicodeDecodeError as error:
        raise PageError(display, None, f"cannot read config: not valid {error.encoding} text "
                        f"(byte offset {error.start})") from None
    except SyntaxError as error:  # its coding line names no encoding Python knows
        raise PageError(display, error.lineno, f"cannot read config: {error.msg}") from None


def decode_source(data: bytes) -> str:
    """The text of a Python file's bytes as Python reads them: UTF-8, or the encoding its
    coding line names (``# -*- coding: latin-1 -*-``), a byte-order mark dropped. Raises
    ``SyntaxError`` (an unknown encoding) or ``UnicodeDecodeError``."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if not str(error.msg).startswith("invalid or missing encoding"):
            raise
        encoding = "utf-8"  # no coding line, and its first lines are not UTF-8: say where
    return data.decode(encoding)
