"""What the manifest records of each file a build wrote, and the check that the file is
still that file before a rebuild calls its page unchanged.

A stamp is the file's size and a hash of its bytes, computed from the text the build
wrote (the same in every build of the same tree, so a committed manifest stays
reproducible). Checking costs a ``stat`` per file: the hash is only read again for a file
modified at or after the manifest was written (edited by hand, or written by a build that
was killed before it could record what it wrote).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

Stamp = tuple[int, str]
"""(size in bytes, the first 32 hex digits of the sha256 of those bytes)."""

_DIGITS = 32


def stamp_bytes(data: bytes) -> Stamp:
    return len(data), hashlib.sha256(data).hexdigest()[:_DIGITS]


def stamp_text(text: str) -> Stamp:
    """The stamp of ``text`` written as UTF-8 (as every file of a build is)."""
    return stamp_bytes(text.encode("utf-8"))


def stamp_file(path: str | Path) -> Stamp | None:
    """The stamp of the file at ``path``, or None when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return None
    return size, digest.hexdigest()[:_DIGITS]


class Stamping:
    """An iterable of text pieces that stamps what passes through it, for content written
    piece by piece (the index). :meth:`stamp` reads what the writer left unread."""

    def __init__(self, pieces: Iterator[str] | list[str] | tuple[str, ...]) -> None:
        self._pieces = iter(pieces)
        self._digest = hashlib.sha256()
        self._size = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        piece = next(self._pieces)
        data = piece.encode("utf-8")
        self._digest.update(data)
        self._size += len(data)
        return piece

    def stamp(self) -> Stamp:
        for _ in self:
            pass
        return self._size, self._digest.hexdigest()[:_DIGITS]


def intact(out: Path, stamps: Mapping[str, Stamp], recorded_ns: int) -> bool:
    """Whether every file in ``stamps`` (paths relative to ``out``) is a regular file of the
    recorded size, and, when modified at or after ``recorded_ns`` (the manifest's mtime),
    of the recorded hash."""
    folder = os.path.join(str(out), "")
    for relative, (size, digest) in stamps.items():
        # os.path.join, inlined (this runs for every output of every page): an absolute
        # path from a tampered manifest stays absolute, as join would keep it.
        path = relative if os.path.isabs(relative) else folder + relative
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        if info.st_mtime_ns >= recorded_ns and stamp_file(path) != (size, digest):
            return False
    return True
