"""The output folder as a build sees it: files written atomically (:mod:`notebook_gen.atomic`)
and only when changed, so that the mtimes of unchanged notebooks stay, or, in check mode,
compared and reported stale; removals limited to the folder and to files that carry this
tool's provenance (:func:`is_generated`).

A file that cannot be written (a read-only folder, a full disk, a name too long, a link
loop) is an error for that file, ``PATH: cannot write: reason``; the build goes on.
:func:`is_temp_name` recognises the temporary files of an atomic write, so that a build can
clear the debris of one that was killed.

One build at a time per output folder (:func:`output_lock`): two builds writing one folder
(``--lang en`` and ``--lang ja,ko`` in two CI jobs, say) would each save a manifest and an
index that lack the other's pages. A build therefore holds an exclusive ``flock`` on
``<out>/.notebook-gen.lock`` while it runs; a second one stops at once and says which
process holds the folder. The lock file holds the holder's pid, and is removed when the
build ends (a build that was killed leaves it behind, unlocked: the next build takes it
over).

Whether a file carries this tool's own provenance is the one test a file must pass before a
build deletes it. The manifest says which files a build wrote, but the manifest is a file in
the output folder that anyone can edit: a tampered one could list ``README.md`` or
``.git/config``. So a file is only deleted when it is, by its content, what this tool
writes: a notebook with ``metadata.notebook_gen``, or an index file with its generated mark.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from notebook_gen.atomic import NAME_MAX, TEMP_TAIL, write_atomic
from notebook_gen.convert.metadata import KEY
from notebook_gen.errors import PageError, PageWarning

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


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the file does not hold ``text`` already (mtimes of unchanged files
    stay); True if written. A file of other line endings is rewritten, as ``--check``
    would call it stale."""
    if has_content(path, text):
        return False
    write_atomic(path, text)
    return True


def has_content(path: Path, text: str) -> bool:
    """Whether the file at ``path`` holds exactly ``text`` (line endings included); False
    when it cannot be read."""
    try:
        with path.open(encoding="utf-8", newline="") as existing:
            return existing.read() == text
    except (OSError, UnicodeDecodeError):
        return False


class FileStatus(StrEnum):
    """What putting (or removing) one file of the output folder did."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    """The file already held that content: not written (its mtime stays)."""
    STALE = "stale"
    """Check mode: the file would be written or removed."""
    REMOVED = "removed"


LEAVES = "output path leaves the output folder; not written"
LOOP = "is a symbolic link loop; not written"


def reason(error: OSError) -> str:
    """What went wrong, without the path (the message names it already)."""
    return error.strerror or str(error)


def _stays_inside(out: Path, folder: str) -> bool:
    """Whether ``out/folder`` (symlinks and ``..`` resolved) is ``out`` or inside it.
    Raises OSError (RuntimeError before Python 3.13) on a link loop."""
    return (out / folder).resolve().is_relative_to(out.resolve())


def safe_target(out: Path, relative: str) -> Path:
    """``out / relative``, refusing paths that leave the output folder."""
    try:
        target = (out / relative).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        raise PageError(relative, None, LOOP) from None
    if not target.is_relative_to(out.resolve()):
        raise PageError(relative, None, LEAVES)
    return target


class OutputFolder:
    """The output folder ``out`` as one build (or one worker) writes it; ``check``: write
    nothing, say what would change. What it refused and what it kept are collected as it
    goes, for the build to report."""

    def __init__(self, out: Path, check: bool = False) -> None:
        self.out = out
        self.check = check
        self.refused: list[PageError] = []
        """Paths not written: they would have left the folder (from a tampered manifest,
        say), or the file system refused them. The build reports them as errors and goes
        on."""
        self.kept: list[PageWarning] = []
        """Files a removal spared because this tool did not write them."""
        self._folders: dict[str, str | None] = {}
        """Parent folders already checked (None: inside), each resolved once rather than
        once per file written in it."""

    def problem(self, parent: str) -> str | None:
        """Why nothing may be written in folder ``parent`` (relative), or None."""
        if parent not in self._folders:
            try:
                self._folders[parent] = None if _stays_inside(self.out, parent) else LEAVES
            except (OSError, RuntimeError):  # RuntimeError: a link loop, before 3.13
                self._folders[parent] = LOOP
        return self._folders[parent]

    def _target(self, relative: str) -> Path | None:
        parent, _, name = relative.rpartition("/")
        problem = self.problem(parent)
        if problem is None and name not in ("", ".", ".."):
            return self.out / relative
        self.refused.append(PageError(relative, None, problem or LEAVES))
        return None

    def put(self, relative: str, text: str) -> FileStatus | None:
        """Make ``relative`` hold ``text``: ``written``, ``unchanged``, (check) ``stale``,
        or None when the path is refused or cannot be written."""
        target = self._target(relative)
        if target is None:
            return None
        if self.check:
            return FileStatus.UNCHANGED if has_content(target, text) else FileStatus.STALE
        try:
            return (FileStatus.WRITTEN if write_if_changed(target, text)
                    else FileStatus.UNCHANGED)
        except OSError as error:
            message = LOOP if error.errno == errno.ELOOP else f"cannot write: {reason(error)}"
            self.refused.append(PageError(target.as_posix(), None, message))
            return None

    def remove(self, relative: str) -> FileStatus | None:
        """Delete a file this tool generated: ``removed``, (check) ``stale``, or None if absent,
        refused, or not written by this tool (by its content: see :mod:`.provenance`)."""
        target = self._target(relative)
        if target is None or not os.path.lexists(target):
            return None
        if not is_generated(target):
            self.kept.append(PageWarning(relative, None, NOT_GENERATED, "output"))
            return None
        if self.check:
            return FileStatus.STALE
        try:
            target.unlink()
        except OSError as error:
            self.refused.append(PageError(target.as_posix(), None,
                                          f"cannot remove: {reason(error)}"))
            return None
        return FileStatus.REMOVED

    def read_head(self, relative: str, size: int = 400) -> str | None:
        """The start of an existing file (to recognise one this tool wrote), or None."""
        try:
            with safe_target(self.out, relative).open(encoding="utf-8", errors="replace") as f:
                return f.read(size)
        except (OSError, PageError):
            return None


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


INDEX_JSON = "index.json"
INDEX_MD = "index.md"
GENERATED_MARK = "generated by notebook-gen"
"""The index's files (:mod:`.index`), and the mark they carry near their start."""
_HEAD = 400
_LARGEST_NOTEBOOK = 256 << 20
"""Bytes: a larger file is no notebook this tool wrote, and is not parsed to find out."""


def _notebook(path: Path, size: int) -> bool:
    if size > _LARGEST_NOTEBOOK:
        return False
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return isinstance(metadata, dict) and isinstance(metadata.get(KEY), dict)


def _index(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return GENERATED_MARK in handle.read(_HEAD)
    except OSError:
        return False


def is_generated(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) that this tool wrote."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if path.suffix == ".ipynb":
        return _notebook(path, info.st_size)
    return path.name in (INDEX_MD, INDEX_JSON) and _index(path)


NOT_GENERATED = ("not removed: notebook-gen did not write it (no metadata.notebook_gen, "
                 "no generated mark), whatever the manifest says")
