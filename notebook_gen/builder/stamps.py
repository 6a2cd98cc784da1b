"""What a build records of a file, and the one rule that says the file is unchanged since.

Two records hold stamps. The manifest (:mod:`.manifest`) records what the build wrote: each
output's size and the hash of its bytes, the same on every machine, so that a committed
manifest is reproducible. The snapshot (:mod:`.snapshot`) records this machine's view of the
files: the same size and hash plus the file's mtime, ctime and inode, for every page, config
and toctree read, every package source file the links were read from, and every output seen
to hold what the manifest recorded.

:func:`unchanged` decides, for every file of both records: a file whose size, mtime, ctime
and inode are all as recorded is unchanged without being read; any other is hashed, and only
a different hash is a change. ctime and inode catch what size and mtime miss: an edit that
keeps the size and puts the old mtime back (``cp -p``, ``touch -r``, ``rsync -t``, a branch
switch) still gets a new ctime, and a file replaced by another a new inode. A file modified
within :data:`RECENT_NS` of its ``stat`` has no stat recorded (it could change again within
the same clock tick of the file system, unseen): it is hashed every time until a build sees
it older. So the outputs a build writes are hashed once by the next build, which then
records their stat.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

DIGITS = 32
"""Hex digits of sha256 kept."""
UNKNOWN = -1
"""A stat field not recorded: never equal to the file's."""
RECENT_NS = 1_000_000_000
"""A file modified this recently (1 s) when it is stat'ed may change again in the same clock
tick without a new mtime or ctime: its stat is not recorded (the ctime says when it last
changed: mtime can be set back)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """A file as a build saw it: its size and hash, and this machine's stat of it (each
    :data:`UNKNOWN` when not recorded: the manifest's, a file modified just before)."""

    size: int
    digest: str
    """The first :data:`DIGITS` hex digits of the sha256 of the file's bytes."""
    mtime_ns: int = UNKNOWN
    ctime_ns: int = UNKNOWN
    inode: int = UNKNOWN

    @property
    def seen(self) -> bool:
        """Whether this machine's stat of the file is recorded."""
        return self.inode != UNKNOWN

    def same_content(self, other: Stamp) -> bool:
        return self.size == other.size and self.digest == other.digest

    def as_list(self) -> list[int | str]:
        return [self.size, self.digest, self.mtime_ns, self.ctime_ns, self.inode]

    @classmethod
    def from_list(cls, value: list[int | str]) -> Stamp:
        """The stamp :meth:`as_list` wrote; raises TypeError or ValueError for anything else."""
        size, digest, mtime_ns, ctime_ns, inode = value
        if not (type(size) is int and type(digest) is str and type(mtime_ns) is int
                and type(ctime_ns) is int and type(inode) is int):
            raise TypeError("not a stamp")
        return cls(size, digest, mtime_ns, ctime_ns, inode)


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGITS]


def stamp_text(text: str) -> Stamp:
    """The stamp of ``text`` written as UTF-8 (as every file of a build is), without stat."""
    data = text.encode("utf-8")
    return Stamp(len(data), content_digest(data))


def stamp_read(info: os.stat_result, data: bytes) -> Stamp:
    """The stamp of ``data`` read from a file whose stat, taken before the read, is
    ``info`` (a change during the read then shows as a stat that is not the recorded one)."""
    return _stamp(info, len(data), content_digest(data))


def _stamp(info: os.stat_result, size: int, digest: str) -> Stamp:
    # ctime: the time of any change to the file, its mtime set back included.
    if info.st_ctime_ns >= time.time_ns() - RECENT_NS:
        return Stamp(size, digest)
    return Stamp(size, digest, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def read_stamp(path: str | Path, *, links: bool = True) -> Stamp | None:
    """The stamp of the regular file at ``path``, read now, or None when there is none or it
    cannot be read (a FIFO is never opened: it could block). ``links``: a symbolic link
    stands for its target (pages); else it is not a file of its own (outputs)."""
    digest = hashlib.sha256()
    size = 0
    try:
        info = os.stat(path) if links else os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return None
    return _stamp(info, size, digest.hexdigest()[:DIGITS])


def unchanged(path: str, recorded: Stamp, *, links: bool = True) -> Stamp | None:
    """Whether the file at ``path`` still holds what ``recorded`` says: ``recorded`` itself
    when its stat is exactly the recorded one, the file's new stamp when its bytes had to
    be hashed and are the same (for the record to take: its stat is then trusted next
    time), None when it differs, is missing or is not a regular file."""
    try:
        info = os.stat(path) if links else os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size != recorded.size:
        return None
    if (info.st_mtime_ns == recorded.mtime_ns and info.st_ctime_ns == recorded.ctime_ns
            and info.st_ino == recorded.inode):
        return recorded
    found = read_stamp(path, links=links)
    return found if found is not None and found.same_content(recorded) else None

