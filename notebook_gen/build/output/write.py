"""The build's writes: atomic (:mod:`notebook_gen.atomic`), and only when the content
changed, so that the mtimes of unchanged notebooks stay.

Content is a string, or an iterable of string pieces for the few whole-tree files (the
manifest, the index) that should not be held in memory at once. :func:`is_temp_name`
recognises the temporary files of an atomic write, so that a build can clear the debris of
one that was killed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from notebook_gen.atomic import NAME_MAX, TEMP_TAIL, atomic_text, pieces, write_atomic

Content = str | Iterable[str]

_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$", re.DOTALL)
_OUR_SUFFIXES = (".ipynb", ".md", ".json")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is a temporary file this tool makes beside a file it writes."""
    found = _TEMP_NAME.match(name)
    if found is None:
        return False
    target = found["name"]
    try:
        size = len(target.encode("utf-8"))
    except UnicodeEncodeError:  # not UTF-8: no name this tool writes
        return False
    return target.endswith(_OUR_SUFFIXES) or size >= NAME_MAX - 1 - TEMP_TAIL - 3


class _SameContentError(Exception):
    """The content written equals the file's: the temporary file is dropped, not renamed."""


def _replace_with(path: Path, content: Content, existing: IO[str] | None) -> bool:
    """Write atomically (:func:`~notebook_gen.atomic.atomic_text`), comparing with
    ``existing`` on the way; ``path`` is left alone when the two turn out equal. True if
    ``path`` was replaced."""
    try:
        with atomic_text(path) as handle:
            same = existing is not None
            for piece in pieces(content):
                handle.write(piece)
                if same and existing is not None and existing.read(len(piece)) != piece:
                    same = False
            if same and existing is not None and not existing.read(1):
                raise _SameContentError
    except _SameContentError:
        return False
    return True


def write_if_changed(path: Path, content: Content) -> bool:
    """Write only when the content differs (mtimes of unchanged files stay); True if written."""
    if isinstance(content, str):
        try:
            if path.read_text(encoding="utf-8") == content:
                return False
        except (FileNotFoundError, UnicodeDecodeError):
            pass
        write_atomic(path, content)
        return True
    try:
        existing: IO[str] | None = path.open(encoding="utf-8", newline="")
    except OSError:
        existing = None
    try:
        return _replace_with(path, content, existing)
    except UnicodeDecodeError:
        return _replace_with(path, content, None)
    finally:
        if existing is not None:
            existing.close()


def has_content(path: Path, content: Content) -> bool:
    """Whether the file at ``path`` holds exactly ``content`` (read piece by piece)."""
    try:
        with path.open(encoding="utf-8", newline="") as existing:
            for piece in pieces(content):
                if existing.read(len(piece)) != piece:
                    return False
            return not existing.read(1)
    except (OSError, UnicodeDecodeError):
        return False
