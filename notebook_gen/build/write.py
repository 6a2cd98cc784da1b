"""Atomic file writes: every file is either its old self or its new self, never half.

Content is a string, or an iterable of string pieces for the few whole-tree files (the
manifest, the index) that should not be held in memory at once.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

Content = str | Iterable[str]


def _pieces(content: Content) -> Iterable[str]:
    return (content,) if isinstance(content, str) else content


def write_atomic(path: Path, content: Content) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    _replace_with(path, content, None)


def _replace_with(path: Path, content: Content, existing: IO[str] | None) -> bool:
    """Write to a temporary file, comparing with ``existing`` on the way; rename it over
    ``path`` unless the two turned out equal. True if ``path`` was replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        same = existing is not None
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for piece in _pieces(content):
                handle.write(piece)
                if same and existing is not None and existing.read(len(piece)) != piece:
                    same = False
        if same and existing is not None and not existing.read(1):
            os.unlink(temp_name)
            return False
        os.replace(temp_name, path)
        return True
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


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
            for piece in _pieces(content):
                if existing.read(len(piece)) != piece:
                    return False
            return not existing.read(1)
    except (OSError, UnicodeDecodeError):
        return False
