"""A language's ``_config.py``, read statically: never imported, never executed.

The install cells come from ``notebook_first_cells`` (a list of cells) when the file
defines it, else from ``INSTALL_CONTENT`` (one code cell; some libraries' configs define
only that). Only those two names, and what they are built from, are evaluated (see
:mod:`notebook_gen.builder.inputs.staticeval` for what is understood and how size is bounded); a
config that defines neither gets the build's default install cell
(:func:`default_install_cells`).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notebook_gen.builder.inputs.discover import CONFIG_NAME
from notebook_gen.builder.inputs.staticeval import MAX_SIZE, NotStaticError, static_names
from notebook_gen.convert.metadata import TAG_INSTALL
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.model import CellSpec
from notebook_gen.regular_file import FileTooLargeError, read_regular

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
