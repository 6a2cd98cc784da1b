"""Atomic file writes: every file is either its old self or its new self, never half.

Content is a string, or an iterable of string pieces for the few whole-tree files (the
manifest, the index) that should not be held in memory at once.

The temporary file beside the target is created with mode 0666, so the umask decides the
final mode (0644 under the usual 022), as it would for any file the user makes; its name
is shortened when the target's name leaves no room for the random part within the
file system's 255-byte limit. :func:`is_temp_name` recognises these names, so that a build
can clear the debris of one that was killed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

Content = str | Iterable[str]

NAME_MAX = 255
"""Bytes in one file name, on every file system a docs repository is likely to use."""
_TEMP_TAIL = len(".0123abcd.tmp")
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$", re.DOTALL)
_OUR_SUFFIXES = (".ipynb", ".md", ".json")
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)


def _pieces(content: Content) -> Iterable[str]:
    return (content,) if isinstance(content, str) else content


def _shortened(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` bytes, at a character boundary."""
    raw = os.fsencode(name)
    if len(raw) <= limit:
        return name
    raw = raw[:limit]
    while raw and raw[-1] & 0xC0 == 0x80:  # a continuation byte: drop the whole character
        raw = raw[:-1]
    if raw and raw[-1] >= 0xC0:
        raw = raw[:-1]
    return os.fsdecode(raw)


def temp_name(name: str) -> str:
    """``.NAME.XXXXXXXX.tmp`` for a file named ``name``, never longer than NAME_MAX bytes
    (mkstemp's names, which earlier builds left, have the same shape)."""
    return f".{_shortened(name, NAME_MAX - 1 - _TEMP_TAIL)}.{os.urandom(4).hex()}.tmp"


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
    return target.endswith(_OUR_SUFFIXES) or size >= NAME_MAX - 1 - _TEMP_TAIL - 3


def _open_temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``: its descriptor and name."""
    for _ in range(100):
        name = str(path.parent / temp_name(path.name))
        try:
            return os.open(name, _TEMP_FLAGS, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomic(path: Path, content: Content) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    _replace_with(path, content, None)


def _replace_with(path: Path, content: Content, existing: IO[str] | None) -> bool:
    """Write to a temporary file, comparing with ``existing`` on the way; rename it over
    ``path`` unless the two turned out equal. True if ``path`` was replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = _open_temp(path)
    try:
        same = existing is not None
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for piece in _pieces(content):
                handle.write(piece)
                if same and existing is not None and existing.read(len(piece)) != piece:
                    same = False
        if same and existing is not None and not existing.read(1):
            os.unlink(temp)
            return False
        os.replace(temp, path)
        return True
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
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
