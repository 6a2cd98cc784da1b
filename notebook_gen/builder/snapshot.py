"""What a build records of a file (its stamp) and the one rule that says the file is
unchanged since; and the snapshot: what the last build read and saw, so that a rebuild
where nothing changed reads almost nothing.

Two records hold stamps. The manifest (:mod:`.manifest`) records what the build wrote: each
output's size and the hash of its bytes, the same on every machine, so that a committed
manifest is reproducible. The snapshot (:class:`Snapshot`) records this machine's view of
the files: the same size and hash plus the file's mtime, ctime and inode, for every page,
config and toctree read, every package source file the links were read from, and every
output seen to hold what the manifest recorded.

:func:`unchanged` decides, for every file of both records: a file whose size, mtime, ctime
and inode are all as recorded is unchanged without being read; any other is hashed, and only
a different hash is a change. ctime and inode catch what size and mtime miss: an edit that
keeps the size and puts the old mtime back (``cp -p``, ``touch -r``, ``rsync -t``, a branch
switch) still gets a new ctime, and a file replaced by another a new inode. A file modified
within :data:`RECENT_NS` of its ``stat`` has no stat recorded (it could change again within
the same clock tick of the file system, unseen): it is hashed every time until a build sees
it older. So the outputs a build writes are hashed once by the next build, which then
records their stat.

A build reads every page (for the link inventory and the change check), each language's
``_config.py`` and ``_toctree.yml``, the package's source when API anchors come from it, and
derives from them the options fingerprint, the notes it prints, the tree-level warnings and
what the index is made from. The snapshot keeps a stamp of each file read and of each output
seen to hold what the manifest recorded, and keeps the derived values. The next build's
quick check (:mod:`notebook_gen.builder.quick`) asks :func:`unchanged` about every input;
when nothing changed, the derived values are used as they are and no page or source file is
read or parsed. Every build, quick or full, checks the outputs against the stamps kept here
(a file hashed unchanged gets its new stamp, saved for the next build).

The snapshot holds this machine's stat, so it is a file of its own beside the manifest
(``.notebook-gen-snapshot.json``), never part of what ``--check`` compares; a repository
that commits its output folder ignores it. A snapshot that cannot be read, or was made by
another version, is simply not used; one made for other options (its ``key``) settles no
page, but its output stamps still hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.builder.output.folder import write_if_changed
from notebook_gen.errors import PageWarning
from notebook_gen.version import __version__

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


SNAPSHOT_NAME = ".notebook-gen-snapshot.json"
FORMAT = 4


@dataclass
class Snapshot:
    key: str
    """Hash of the version and the options the derived values hold for ("" when they
    describe nothing a quick check may use: the output stamps only)."""
    sources: dict[str, Stamp] = field(default_factory=dict)
    """Every page of every language, by its path from the docs root."""
    marked: set[str] = field(default_factory=set)
    """The pages that carry ``[[open-in-colab]]``."""
    files: dict[str, Stamp | None] = field(default_factory=dict)
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
    """The package whose links were resolved ("" when links are not resolved)."""
    package_folder: str = ""
    """Where that package's source was found beside the docs ("" nowhere): its exports gave
    the anchors. A source that appears, moves or goes away is a change."""
    package_files: dict[str, Stamp] = field(default_factory=dict)
    """Every Python file of that source, by its path from the folder."""
    outputs: dict[str, Stamp] = field(default_factory=dict)
    """Output files (by path from the output folder) last seen to hold what the manifest
    recorded."""
    repository: str = ""
    """When the package was inferred, the digest of what its inference read outside the docs
    tree (packaging files, import packages: see :mod:`notebook_gen.builder.inputs.repository`);
    a different digest is a change."""
    stale: bool = False
    """Changed since it was read (a new one, stamps refreshed): to be saved."""

    def still(self, table: dict[str, Stamp] | dict[str, Stamp | None], name: str,
              path: str) -> bool:
        """Whether the file at ``path``, recorded in ``table`` (one of this snapshot's) as
        ``name``, is unchanged (None: still absent); a stamp refreshed on the way is kept."""
        recorded = table[name]
        if recorded is None:
            return not os.path.lexists(path)
        found = unchanged(path, recorded)
        if found is None:
            return False
        if found != recorded:
            table[name] = found
            self.stale = True
        return True

    def outputs_intact(self, out: Path, recorded: Mapping[str, Stamp]) -> bool:
        """Whether every output in ``recorded`` (the manifest's stamps, by path from
        ``out``) is a regular file that holds what was recorded: decided by the stamp kept
        here when it is of the same content, else by hashing the file."""
        folder = os.path.join(str(out), "")
        for relative, stamp in recorded.items():
            # os.path.join, inlined (this runs for every output of every page): an absolute
            # path from a tampered manifest stays absolute, as join would keep it.
            path = relative if os.path.isabs(relative) else folder + relative
            seen = self.outputs.get(relative)
            found = unchanged(path, seen if seen is not None and seen.same_content(stamp)
                              else stamp, links=False)
            if found is None:
                return False
            if found.seen and found != seen:
                self.outputs[relative] = found
                self.stale = True
            elif not found.seen and seen is not None:  # hashed: its stat is of no use
                del self.outputs[relative]
                self.stale = True
        return True

    def keep_outputs(self, recorded: Mapping[str, Stamp]) -> None:
        """Keep the output stamps of the files the manifest records, with its content."""
        kept = {relative: stamp for relative, stamp in self.outputs.items()
                if relative in recorded and stamp.same_content(recorded[relative])}
        if len(kept) != len(self.outputs):
            self.outputs, self.stale = kept, True

    def text(self) -> str:
        """The snapshot's JSON text (compact: no person reads it)."""
        data = {"format": FORMAT, "version": __version__, "key": self.key,
                "sources": {rel: [*self.sources[rel].as_list(), rel in self.marked]
                            for rel in sorted(self.sources)},
                "outputs": {rel: self.outputs[rel].as_list() for rel in sorted(self.outputs)},
                "files": {path: None if value is None else value.as_list()
                          for path, value in sorted(self.files.items())},
                "package_files": {path: value.as_list()
                                  for path, value in sorted(self.package_files.items())},
                "fingerprints": dict(sorted(self.fingerprints.items())), "notes": self.notes,
                "warnings": [[w.path, w.line, w.message, w.kind] for w in self.warnings],
                "toctrees": self.toctrees, "package": self.package,
                "package_folder": self.package_folder, "repository": self.repository}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def save(self, out: Path) -> None:
        """Write the snapshot (atomically; not when it holds what it held: the output
        folder's mtimes stay); a failure only costs the next build a read."""
        path = out / SNAPSHOT_NAME
        with contextlib.suppress(OSError):
            if not os.path.lexists(path) or stat.S_ISREG(os.lstat(path).st_mode):
                write_if_changed(path, self.text())  # (a FIFO there is never opened)
        self.stale = False

    @classmethod
    def load(cls, out: Path) -> Snapshot | None:
        """The snapshot in ``out`` if this version made it, else None."""
        try:
            descriptor = os.open(out / SNAPSHOT_NAME, os.O_RDONLY | os.O_NONBLOCK)
            with open(descriptor, "rb") as handle:  # a FIFO there must not block the build
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None
                data = json.loads(handle.read())
            if data.get("format") != FORMAT or data.get("version") != __version__:
                return None
            sources = {rel: Stamp.from_list(value[:5]) for rel, value in data["sources"].items()}
            marked = {rel for rel, value in data["sources"].items() if value[5] is True}
            return cls(str(data["key"]), sources, marked, _stamps(data["files"]),
                       dict(data["fingerprints"]), list(data["notes"]),
                       [PageWarning(*w) for w in data["warnings"]], str(data["toctrees"]),
                       str(data["package"]), str(data["package_folder"]),
                       _stamps(data["package_files"]), _stamps(data["outputs"]),
                       str(data["repository"]))
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError):
            return None


def _stamps(table: dict[str, Any]) -> Any:
    """Path -> stamp (or None), as :meth:`Snapshot.text` wrote them."""
    return {path: None if value is None else Stamp.from_list(value)
            for path, value in table.items()}


def forget(out: Path) -> None:
    """Remove the snapshot (the build is about to change what it describes)."""
    with contextlib.suppress(OSError):
        os.unlink(out / SNAPSHOT_NAME)
