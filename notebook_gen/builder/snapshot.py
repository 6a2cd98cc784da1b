"""What the last build read and saw, so that a rebuild where nothing changed reads almost nothing.

A build reads every page (for the link inventory and the change check), each language's
``_config.py`` and ``_toctree.yml``, the package's source when API anchors come from it, and
derives from them the options fingerprint, the notes it prints, the tree-level warnings and
what the index is made from. The snapshot keeps a stamp (:mod:`.stamps`: size, hash, mtime,
ctime, inode) of each file read and of each output seen to hold what the manifest recorded,
and keeps the derived values. The next build's quick check (:mod:`notebook_gen.builder.quick`)
asks :func:`~notebook_gen.builder.stamps.unchanged` about every input; when nothing
changed, the derived values are used as they are and no page or source file is read or
parsed. Every build, quick or full, checks the outputs against the stamps kept here (a file
hashed unchanged gets its new stamp, saved for the next build).

The snapshot holds this machine's stat, so it is a file of its own beside the manifest
(``.notebook-gen-snapshot.json``), never part of what ``--check`` compares; a repository
that commits its output folder ignores it. A snapshot that cannot be read, or was made by
another version, is simply not used; one made for other options (its ``key``) settles no
page, but its output stamps still hold.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.builder.output.write import write_if_changed
from notebook_gen.builder.stamps import Stamp, unchanged
from notebook_gen.errors import PageWarning
from notebook_gen.version import __version__

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
