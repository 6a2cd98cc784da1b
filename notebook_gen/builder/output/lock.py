"""One build at a time per output folder.

Two builds writing one folder (``--lang en`` and ``--lang ja,ko`` in two CI jobs, say)
would each save a manifest and an index that lack the other's pages. A build therefore
holds an exclusive ``flock`` on ``<out>/.notebook-gen.lock`` while it runs; a second one
stops at once and says which process holds the folder. The lock file holds the holder's
pid, and is removed when the build ends (a build that was killed leaves it behind, unlocked:
the next build takes it over).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from notebook_gen.errors import PageError

LOCK_NAME = ".notebook-gen.lock"
_UNSUPPORTED = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL)


def prepare_folder(out: Path) -> None:
    """Create the output folder, or say why it cannot be one."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PageError(str(out), None, "is a file, not a folder") from None
    except NotADirectoryError:
        raise PageError(str(out), None, "cannot be created: a parent is a file") from None
    except OSError as error:
        raise PageError(str(out), None, f"cannot be created: {error.strerror}") from None


def _holder(handle: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        return f" (pid {int(os.pread(handle, 32, 0).decode().strip())})"
    return ""


def _same_file(handle: int, path: Path) -> bool:
    """Whether ``path`` still names the file we locked (not removed by the build that
    held it until a moment ago)."""
    try:
        mine, named = os.fstat(handle), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


def _try_lock(out: Path, path: Path) -> int | None:
    """The locked file's descriptor; None when it was replaced meanwhile (try again)."""
    import fcntl

    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    except OSError as error:
        raise PageError(str(out), None, f"cannot create the lock file {LOCK_NAME}: "
                        f"{error.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        os.close(handle)
        raise PageError(str(out), None, f"another notebook-gen build{holder} is writing to "
                        "this folder; wait for it to end, or build into another folder"
                        ) from None
    except OSError as error:
        if error.errno not in _UNSUPPORTED:  # a file system without locks: go on unlocked
            os.close(handle)
            raise PageError(str(out), None, f"cannot lock {LOCK_NAME}: {error.strerror}"
                            ) from None
    if not _same_file(handle, path):
        os.close(handle)
        return None
    os.ftruncate(handle, 0)
    os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
    return handle


@contextlib.contextmanager
def output_lock(out: Path, check: bool = False) -> Iterator[None]:
    """Hold the output folder (created if needed) for one build; ``check`` writes nothing,
    so it neither creates the folder nor locks it. Folders it created are removed at the end
    when the build left nothing in them. Raises :class:`PageError` when the
    folder cannot be used or another build holds it."""
    if check or sys.platform == "win32":
        yield
        return
    created = [folder for folder in (out, *out.parents) if not folder.exists()]
    prepare_folder(out)
    path = out / LOCK_NAME
    handle = None
    for _ in range(10):
        handle = _try_lock(out, path)
        if handle is not None:
            break
    if handle is None:
        raise PageError(str(out), None, f"cannot lock {LOCK_NAME}: it keeps being replaced")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(handle)
        for folder in created:  # a build that left nothing in them leaves no folders
            with contextlib.suppress(OSError):
                folder.rmdir()
