"""Reading an input file of a tree that may be hostile: only a regular file is read, and
only up to the size the caller allows.

A page path can name something else once symlinks are followed: a FIFO, whose ``open``
blocks until a writer comes (forever, in a build), a device that never ends, a socket or a
folder. The file is opened without blocking and checked with ``fstat`` on that same
descriptor, so nothing can be swapped in between the check and the read; its size is
checked before any byte is read, so a huge page costs nothing but the refusal.
"""

from __future__ import annotations

import os
import stat

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


class NotRegularFileError(OSError):
    """The path leads to something other than a regular file; it was not read."""

    def __init__(self, mode: int) -> None:
        kind = next((name for test, name in _KINDS if test(mode)), "another kind of file")
        super().__init__(f"not a regular file ({kind})")


class FileTooLargeError(OSError):
    """The file is larger than the caller reads; none of it was kept."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes, over the limit of {limit:,} bytes")
        self.size = size
        self.limit = limit


def read_regular(path: str | os.PathLike[str], limit: int | None = None,
                 ) -> tuple[os.stat_result, bytes]:
    """The ``fstat`` (taken before the read) and the bytes of the regular file at ``path``.

    Raises :class:`NotRegularFileError`, :class:`FileTooLargeError` when it holds more than
    ``limit`` bytes (None: no limit), or the ``OSError`` of the open or the read.
    """
    fd = os.open(path, _READ_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(info.st_mode)
        if limit is None:
            return info, handle.read()
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size, limit)
        data = handle.read(limit + 1)  # it may grow while it is read
        if len(data) > limit:
            raise FileTooLargeError(len(data), limit)
        return info, data
