"""A language's ``_config.py``, read statically: never imported, never executed.

Module-level assignments whose values are literals (strings, numbers, lists, tuples,
dicts), names assigned earlier, or ``+`` of those are understood. Anything else is fine
as long as ``notebook_first_cells`` does not need it; if it does, the config is an error.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notebook_gen.convert.metadata import TAG_INSTALL
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.model import CellSpec

CONFIG_NAME = "_config.py"
FIRST_CELLS = "notebook_first_cells"


class NotStaticError(Exception):
    def __init__(self, node: ast.AST, why: str) -> None:
        super().__init__(why)
        self.line = getattr(node, "lineno", None)


def _value(node: ast.expr, names: dict[str, Any]) -> Any:
    """The value of a literal expression, resolving names assigned earlier."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise NotStaticError(node, f"name {node.id!r} is not defined before it is used")
    if isinstance(node, ast.List | ast.Tuple):
        items = [_value(element, names) for element in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise NotStaticError(node, "dict unpacking (**) cannot be read statically")
        pairs = zip(node.keys, node.values, strict=True)
        return {_value(k, names): _value(v, names) for k, v in pairs if k is not None}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _value(node.left, names) + _value(node.right, names)
    kind = type(node).__name__
    raise NotStaticError(node, f"a {kind} expression would need the file to be executed")


def _assignments(tree: ast.Module) -> tuple[dict[str, Any], dict[str, NotStaticError]]:
    """Static values of module-level names, and why the others have none."""
    names: dict[str, Any] = {}
    failures: dict[str, NotStaticError] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            try:
                names[target.id] = _value(value, names)
                failures.pop(target.id, None)
            except NotStaticError as error:
                failures[target.id] = error
                names.pop(target.id, None)
    return names, failures


@dataclass(frozen=True)
class LanguageConfig:
    """What a language's config contributes: the cells prepended to its notebooks."""

    path: str | None
    first_cells: tuple[CellSpec, ...]
    warnings: tuple[PageWarning, ...] = ()


def _cell(item: Any, path: str, line: int | None) -> CellSpec:
    if not isinstance(item, dict) or not isinstance(item.get("content"), str):
        raise PageError(path, line, f"{FIRST_CELLS} items must be dicts with a 'content' string")
    kind = item.get("type", "code")
    if kind not in ("code", "markdown"):
        raise PageError(path, line, f"cell type {kind!r} is not 'code' or 'markdown'")
    tags = (TAG_INSTALL,) if kind == "code" else ()
    return CellSpec(kind, item["content"].strip("\n"), 0, tags=tags, origin=path)


def parse_config(text: str, path: str) -> LanguageConfig:
    """Read one ``_config.py`` text. Raises :class:`PageError` when it cannot be read."""
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as error:
        raise PageError(path, error.lineno, f"syntax error: {error.msg}") from None
    names, failures = _assignments(tree)
    if FIRST_CELLS in failures:
        failure = failures[FIRST_CELLS]
        raise PageError(path, failure.line, f"{FIRST_CELLS} cannot be read statically: {failure}")
    if FIRST_CELLS not in names:
        why = f"no {FIRST_CELLS}: notebooks get no install cells"
        note = PageWarning(path, None, why, "config")
        return LanguageConfig(path, (), (note,))
    cells = names[FIRST_CELLS]
    line = next((s.lineno for s in tree.body if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == FIRST_CELLS for t in s.targets)), None)
    if not isinstance(cells, list | tuple):
        raise PageError(path, line, f"{FIRST_CELLS} must be a list of cells")
    return LanguageConfig(path, tuple(_cell(item, path, line) for item in cells))


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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PageError(display, None, f"cannot read config: {error}") from None
    return parse_config(text, display)
