"""What the last build read, so that a rebuild where nothing changed reads almost nothing.

A build reads every page (for the link inventory and the change check), each language's
``_config.py`` and ``_toctree.yml``, and derives from them the options fingerprint, the
notes it prints, the tree-level warnings and what the index is made from. The snapshot
keeps, for each file read, its size, mtime (ns) and sha256, and keeps the derived values.
The next build ``stat``s the files: one whose size and mtime are as recorded, and whose
mtime is older than the snapshot file itself, is taken as unchanged (the rule of
:func:`notebook_gen.build.output.stamps.intact`: a file modified at or after the snapshot was
written, in the same clock tick say, is hashed again); any other is hashed, and only a
different hash is a change. A file modified within a second of being read has no mtime
recorded (:func:`trusted_mtime`): it could change again in the same clock tick, after the
read, without its mtime changing, so it is always hashed. When nothing changed, the
derived values are used as they are and no page is read or parsed.

The snapshot holds this machine's mtimes, so it is a file of its own beside the manifest
(``.notebook-gen-snapshot.json``), never part of what ``--check`` compares; a repository
that commits its output folder ignores it. A snapshot that cannot be read, or was made for
other options or by another version, is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.atomic import write_atomic
from notebook_gen.errors import PageWarning
from notebook_gen.version import __version__

SNAPSHOT_NAME = ".notebook-gen-snapshot.json"
FORMAT = 2

FileStamp = tuple[int, int, str]
"""(size in bytes, mtime in ns, sha256 hex of the bytes)."""


def stat_of(path: str) -> os.stat_result | None:
    """The file's stat, or None when it is not a regular file that can be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


RECENT_NS = 1_000_000_000
"""A file modified this recently when it is read (1 s) may change again within the same
clock tick of the file system, unseen by its mtime: its mtime is not recorded, so every
later quick check hashes it (until a full build reads it again, older)."""


def trusted_mtime(mtime_ns: int) -> int:
    """``mtime_ns`` as a snapshot records it: -1 (never equal) for a file modified in the
    last :data:`RECENT_NS` (the wall clock is read now, just after the file's stat)."""
    return -1 if mtime_ns >= time.time_ns() - RECENT_NS else mtime_ns


def file_stamp(path: str) -> FileStamp | None:
    """The stamp of the file at ``path`` (stat'ed before its bytes are read: a change
    during the read makes the recorded mtime old, so the next build hashes it again), or
    None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        return None
    return len(data), trusted_mtime(info.st_mtime_ns), hashlib.sha256(data).hexdigest()


def unchanged(path: str, recorded: FileStamp | None, recorded_ns: int,
              refreshed: dict[str, FileStamp] | None = None) -> bool:
    """Whether the file at ``path`` still holds what ``recorded`` says (None: absent).
    A ``stat`` decides when size and mtime are as recorded and the mtime is older than
    ``recorded_ns``; otherwise the bytes are hashed, and when they are the same, the
    stamp they were read with goes into ``refreshed`` (by path) if its mtime is new: the
    snapshot, saved again, then trusts the file's ``stat`` next time."""
    info = stat_of(path)
    if recorded is None or info is None:
        return recorded is None and info is None and not os.path.lexists(path)
    size, mtime_ns, digest = recorded
    if info.st_size != size:
        return False
    if info.st_mtime_ns == mtime_ns and mtime_ns < recorded_ns:
        return True
    found = file_stamp(path)
    if found is None or found[2] != digest:
        return False
    if refreshed is not None and found[1] not in (mtime_ns, -1):
        refreshed[path] = found
    return True


@dataclass
class Snapshot:
    key: str
    """Hash of the version and the options the derived values hold for."""
    sources: dict[str, tuple[int, int, str, bool]] = field(default_factory=dict)
    """Every page of every language (by its path from the docs root): size, mtime, sha256,
    and whether it carries ``[[open-in-colab]]``."""
    files: dict[str, FileStamp | None] = field(default_factory=dict)
    """The tree's other inputs (configs, toctrees, by path from the docs root); None when
    absent (a file that appears is a change too)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Language -> the fingerprint of its pages' notebooks (its config and the options)."""
    notes: list[str] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)
    """The tree's warnings (toctrees, configs), in the order the build gives them."""
    toctrees: str = ""
    """Digest of the languages' toctrees, one of the index's inputs."""
    package: str = ""
    """The package whose links were resolved without its source beside the docs ("" when
    links are not resolved): a source folder that appears since changes the anchors."""
    recorded_ns: int = 0
    """The snapshot file's mtime: files modified since are hashed before being trusted."""
    stale: bool = False
    """A quick check refreshed some stamps: worth saving again."""

    def pieces(self) -> Iterator[str]:
        """The snapshot's JSON, one page at a time (a tree of thousands of pages is never
        held as one string)."""
        dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        yield dump({"format": FORMAT, "version": __version__, "key": self.key})[:-1]
        yield ',"sources":{'
        for number, rel in enumerate(sorted(self.sources)):
            yield ("," if number else "") + dump(rel) + ":" + dump(list(self.sources[rel]))
        rest = {"files": {path: None if value is None else list(value)
                          for path, value in sorted(self.files.items())},
                "fingerprints": dict(sorted(self.fingerprints.items())), "notes": self.notes,
                "warnings": [[w.path, w.line, w.message, w.kind] for w in self.warnings],
                "toctrees": self.toctrees, "package": self.package}
        yield "}," + dump(rest)[1:]

    def save(self, out: Path) -> None:
        """Write the snapshot (atomically); a failure only costs the next build a read."""
        with contextlib.suppress(OSError):
            write_atomic(out / SNAPSHOT_NAME, self.pieces())

    @classmethod
    def load(cls, out: Path, key: str) -> Snapshot | None:
        """The snapshot in ``out`` if it was made for ``key`` by this version, else None."""
        try:
            with open(out / SNAPSHOT_NAME, "rb") as handle:
                recorded_ns = os.fstat(handle.fileno()).st_mtime_ns
                data = json.loads(handle.read())
            if data.get("format") != FORMAT or data.get("version") != __version__ \
                    or data.get("key") != key:
                return None
            return cls(key, {rel: (v[0], v[1], v[2], v[3]) for rel, v in data["sources"].items()},
                       {path: None if v is None else (v[0], v[1], v[2])
                        for path, v in data["files"].items()},
                       dict(data["fingerprints"]), list(data["notes"]),
                       [PageWarning(*w) for w in data["warnings"]], data["toctrees"],
                       str(data["package"]), recorded_ns)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError):
            return None


def forget(out: Path) -> None:
    """Remove the snapshot (the build is about to change what it describes)."""
    with contextlib.suppress(OSError):
        os.unlink(out / SNAPSHOT_NAME)
