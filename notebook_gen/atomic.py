"""Atomic text files, shared by every stage that writes one (notebooks, index, manifest,
executed copies, reports, the execution cache): a reader sees the old file or the new one,
never half of one.

The temporary file beside the target is created with mode 0666, so the umask decides the
final mode (0644 under the usual 022), as for any file the user makes, and its name is cut to
fit the file system's 255-byte limit whatever the target's name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

NAME_MAX = 255
"""Bytes in one file name, on every file system a docs repository is likely to use."""
TEMP_TAIL = len(".0123abcd.tmp")
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)


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
    (mkstemp's names, which earlier versions left, have the same shape)."""
    return f".{_shortened(name, NAME_MAX - 1 - TEMP_TAIL)}.{os.urandom(4).hex()}.tmp"


def open_temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``: its descriptor and name."""
    for _ in range(100):
        name = str(path.parent / temp_name(path.name))
        try:
            return os.open(name, _TEMP_FLAGS, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


@contextlib.contextmanager
def atomic_text(path: Path, errors: str = "strict") -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` when the block ends without an
    exception; on one, the temporary file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = open_temp(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors=errors, newline="\n") as stream:
            yield stream
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def write_atomic(path: Path, content: str, errors: str = "strict") -> None:
    """Write ``content`` to ``path`` atomically."""
    with atomic_text(path, errors) as stream:
        stream.write(content)
