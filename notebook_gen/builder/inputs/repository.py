"""The repository around a docs tree: where its packaging files and its import packages are.

The documented package's name is written in the repository (:mod:`.package`), not in the
docs: in its packaging metadata, and in the name of the folder its code lives in. This module
finds both with ``stat`` and folder listings only, so that the quick check can tell, cheaply,
that none of it changed (:func:`repository_digest`), and reads the metadata
(:func:`declared_name`) when the package is inferred.

- **The walk**: the docs root and the folders above it, up to the git top level (the nearest
  folder holding ``.git``); with no ``.git`` above, up to three levels above the docs root
  (``repo/docs/source/en`` reaches ``repo``), so that a stray ``pyproject.toml`` far above a
  checkout (a home folder's) is never taken for the project's.
- **The packaging files**: ``pyproject.toml``, ``setup.py`` and ``setup.cfg``; the nearest
  folder of the walk whose files name a project is the project's root (a ``docs/pyproject.toml``
  holding only settings names none, and the walk goes on).
- **The import packages** beside the docs: the sub-folders of ``src/`` and of the project's
  root (else the folder holding ``docs/``, else the walk's last folder) that are Python
  packages, with an ``__init__.py`` or without (namespace packages: a folder of modules);
  folders of tests, docs, examples, scripts and the like are not packages of the library.

The distribution name a project's packaging metadata declares, read statically:

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
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.builder.inputs.discover import repository_root

PACKAGING_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
LEVELS_WITHOUT_GIT = 3
NOT_LIBRARY_FOLDERS = frozenset({
    "tests", "test", "testing", "docs", "doc", "documentation", "examples", "example",
    "scripts", "script", "benchmarks", "benchmark", "notebooks", "tools", "utils", "ci",
    "docker", "templates", "build", "dist", "site", "venv", "env", "node_modules", "bin",
    "tutorials", "samples", "sample",
})
"""Folder names that hold a repository's other code, never its library (``utils/`` at a
repository's root holds its maintenance scripts; the library's utils are inside it)."""


@dataclass(frozen=True)
class ImportPackage:
    """A Python package folder beside the docs."""

    name: str
    where: str
    """Its path from the folder it was found in, for the build's note (``src/peft/``)."""
    namespace: bool
    """No ``__init__.py``: a namespace package (or a folder of scripts: see :mod:`.package`)."""
    in_src: bool


def walk(docs_root: Path) -> list[Path]:
    """The folders where the project's packaging files may be, nearest first."""
    resolved = docs_root.resolve()
    chain = [resolved, *resolved.parents]
    top = repository_root(resolved)
    return chain[: chain.index(top) + 1] if top is not None else chain[: LEVELS_WITHOUT_GIT + 1]


def packaging_files(folder: Path) -> list[Path]:
    """The packaging files ``folder`` holds, in the order they are trusted."""
    return [folder / name for name in PACKAGING_FILES if (folder / name).is_file()]


def code_folder(folders: list[Path], project: Path | None) -> Path:
    """Where the import packages are looked for: the project's root (the folder of the
    packaging file that named it), else the folder holding ``docs/``, else the walk's end."""
    if project is not None:
        return project
    for folder in folders:
        if folder.name in ("docs", "doc") and folder.parent in folders:
            return folder.parent
    return folders[-1]


def _is_python(name: str) -> bool:
    return name.endswith(".py") and name[:-3].isidentifier()


def _package_kind(path: Path) -> bool | None:
    """True for a namespace package (modules, no ``__init__.py``), False for a regular one,
    None for a folder that is no package."""
    try:
        with os.scandir(path) as entries:
            names = [(entry.name, entry.is_dir()) for entry in entries]
    except OSError:
        return None
    if any(name == "__init__.py" for name, _ in names):
        return False
    if any(_is_python(name) for name, is_dir in names if not is_dir):
        return True
    inner = any(is_dir and name.isidentifier() and (path / name / "__init__.py").is_file()
                for name, is_dir in names)  # ``google/cloud/`` holds packages only
    return True if inner else None


def _packages_in(folder: Path, prefix: str, in_src: bool) -> list[ImportPackage]:
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if entry.is_dir())
    except OSError:
        return []
    found = []
    for name in names:
        if not name.isidentifier() or name.startswith("_") or \
                name.lower() in NOT_LIBRARY_FOLDERS:
            continue
        kind = _package_kind(folder / name)
        if kind is not None:
            found.append(ImportPackage(name, f"{prefix}{name}/", kind, in_src))
    return found


def import_packages(folder: Path) -> tuple[ImportPackage, ...]:
    """The import packages of the repository whose root is ``folder``: ``src/<name>/``
    first, then ``<name>/``."""
    return (*_packages_in(folder / "src", "src/", True), *_packages_in(folder, "", False))


def repository_digest(docs_root: Path) -> str:
    """A digest of everything the package's inference reads outside the docs tree: which
    packaging files the walk holds and their bytes, and the import packages beside the docs.
    Equal digests, equal answers (the docs' own inputs are stamped with the pages). Plain
    ``os`` calls: the quick check computes it on every no-op."""
    digest = hashlib.sha256()
    folders = walk(docs_root)
    roots = {code_folder(folders, None)}
    for folder in folders:
        for name in PACKAGING_FILES:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            roots.add(folder)
            digest.update(f"{path}\0".encode() + hashlib.sha256(data).digest())
    for root in sorted(roots):
        digest.update(repr((str(root), import_packages(root))).encode())
    return digest.hexdigest()


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
