"""The distribution name a project's packaging metadata declares, read statically.

- ``pyproject.toml``: ``[project] name`` (PEP 621), else ``[tool.poetry] name``;
- ``setup.py``: the ``name=`` keyword of a ``setup(...)`` call, a string literal or a
  module-level name bound to one (``NAME = "peft"`` ... ``setup(name=NAME)``). The file is
  parsed with ``ast``, **never executed**: a name computed at run time names nothing here;
- ``setup.cfg``: ``[metadata] name`` (read with :mod:`configparser`, no interpolation).

A file that cannot be read or parsed names nothing: the next file, or the next rule of
:mod:`.package`, decides, and the build says which did.
"""

from __future__ import annotations

import ast
import configparser
import re
from dataclasses import dataclass
from pathlib import Path

_VALID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
"""A valid distribution name (PEP 508)."""


@dataclass(frozen=True)
class Declared:
    name: str
    where: str
    """Where it was read, for the build's note (``pyproject.toml [project] name``)."""


def _valid(name: object) -> str | None:
    return name if isinstance(name, str) and _VALID.match(name) else None


def _pyproject(path: Path) -> Declared | None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    if isinstance(project, dict) and (name := _valid(project.get("name"))):
        return Declared(name, f"{path.name} [project] name")
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict) and (name := _valid(poetry.get("name"))):
        return Declared(name, f"{path.name} [tool.poetry] name")
    return None


def _is_setup(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup")


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "literal"`` bindings (the last one wins, as when run)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            found.update((target.id, node.value.value) for target in node.targets
                         if isinstance(target, ast.Name))
    return found


def _setup_py(path: Path) -> Declared | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    constants = _constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not _is_setup(node):
            continue
        for keyword in node.keywords:
            if keyword.arg != "name":
                continue
            value = keyword.value
            if isinstance(value, ast.Constant):
                name = _valid(value.value)
            elif isinstance(value, ast.Name):
                name = _valid(constants.get(value.id))
            else:
                name = None
            if name:
                return Declared(name, f"{path.name} name=")
    return None


def _setup_cfg(path: Path) -> Declared | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    name = _valid(parser.get("metadata", "name", fallback=None))
    return Declared(name, f"{path.name} [metadata] name") if name else None


_READERS = {"pyproject.toml": _pyproject, "setup.py": _setup_py, "setup.cfg": _setup_cfg}


def declared_name(path: Path) -> Declared | None:
    """The distribution name the packaging file at ``path`` declares, if it declares one."""
    reader = _READERS.get(path.name)
    return reader(path) if reader else None
