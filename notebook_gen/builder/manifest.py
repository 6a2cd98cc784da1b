"""What a build learns of each page, and the manifest: what each page produced, and from
which inputs.

A page's :class:`PageOutcome` (converted, up to date, unselected, failed) is what the quick
check (:mod:`.quick`) or a worker of the pool (:mod:`.pool`: a small outcome, the notebooks
are stored where they were made) tells the build; :func:`page_inputs` hashes everything the
page's notebooks are made from. The build records each outcome in the manifest.

The manifest is kept in the output folder. It lets a rebuild skip unchanged pages (and
still report their warnings) once it has checked that their files are still what it
recorded (see :mod:`.snapshot`), and lets ``--clean`` remove only files this tool wrote: a
file not listed here, as a page's notebook or as an index file, is never deleted, and
neither is a listed one that does not carry the tool's provenance (see
:mod:`notebook_gen.builder.output.folder`).

Its key is the versions of what made the outputs (notebook-gen's and the libraries' that
shape them, :func:`notebook_gen.version.output_versions`): other versions make every
recorded page and the index out of date, so an upgrade converts them again (and rewrites
only the notebooks whose bytes change: the notebooks carry no version).

The manifest is read as untrusted input (:func:`read_manifest`): it lives in the output
folder, where a merge, an editor or an attacker can change it. Every field is checked for its
type before a build relies on it; anything but the exact shape written here (another format,
a JSON list, a wrong type anywhere, nesting that exhausts the parser) makes it an empty
manifest, and :attr:`Manifest.problem` says why, once. (Messages are only formatted on
failure: this runs for every page of every build.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from notebook_gen.builder.output.folder import FileStatus, write_if_changed
from notebook_gen.builder.snapshot import Stamp
from notebook_gen.convert.serialize import dumps_indented
from notebook_gen.errors import PageError, PageWarning


class PageStatus(StrEnum):
    """What a build did with one page."""

    CONVERTED = "converted"
    UP_TO_DATE = "up to date"
    """Its inputs are those the manifest recorded (and its notebooks are intact): not
    converted."""
    UNSELECTED = "unselected"
    """Not marked ``[[open-in-colab]]`` (and no ``--all``)."""
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PageOutcome:
    rel: str
    status: PageStatus
    inputs: str = ""
    notebooks: dict[str, str] = field(default_factory=dict)
    """Output path (relative to the output folder) -> notebook text, until stored."""
    title: str | None = None
    warnings: tuple[PageWarning, ...] = ()
    error: PageError | None = None
    stored: dict[str, FileStatus] = field(default_factory=dict)
    """Output path -> what storing it did (written, unchanged, stale)."""
    refused: tuple[PageError, ...] = ()
    """Output paths not written: they would have left the output folder, or the file
    system refused them (the page is then not recorded as done)."""
    gpu: tuple[str, ...] = ()
    """Output paths of the notebooks that ask Colab for a GPU (the index marks them)."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Output path -> the stamp of what was stored there, for the manifest."""


def page_inputs(fingerprint: str, stem: str, digest: str) -> str:
    """Hash of everything the page's notebooks are made from (but the versions of what
    makes them: the manifest's key, :meth:`~notebook_gen.builder.manifest.Manifest.made_by`)."""
    parts = (fingerprint, stem, digest)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


MANIFEST_NAME = ".notebook-gen-manifest.json"
FORMAT = 2
"""2: each output with its stamp; pages converted only because of ``--all`` marked so."""


@dataclass(slots=True)
class PageRecord:
    inputs: str
    """Hash of everything the page's notebooks depend on."""
    outputs: list[str]
    """Notebook paths relative to the output folder."""
    title: str | None = None
    warnings: list[PageWarning] = field(default_factory=list)
    """What converting (and linting) the page reported, repeated by builds that skip it."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Output path -> the stamp of what was written there (size and hash: the stat of
    this machine's files is the snapshot's)."""
    marked: bool = True
    """False for a page converted only because of ``--all`` (no ``[[open-in-colab]]``):
    ``--clean`` without ``--all`` keeps its notebooks."""
    gpu: list[str] = field(default_factory=list)
    """The outputs that ask Colab for a GPU runtime (the index marks them)."""


@dataclass
class Manifest:
    pages: dict[str, PageRecord] = field(default_factory=dict)
    index_files: dict[str, Stamp] = field(default_factory=dict)
    """Index files (``index.json``, ``<lang>/index.md``) this tool wrote, with stamps."""
    index_inputs: str = ""
    """Hash of what the index files were made from: equal means they are current."""
    changed: bool = False
    """Set by the methods below; an unchanged manifest is not even compared on save."""
    problem: str | None = None
    """Why the manifest on disk was not used (malformed, another format), if it was not."""
    versions: dict[str, str] = field(default_factory=dict)
    """What made the recorded outputs: notebook-gen's version and the shaping libraries'."""

    def record(self, rel: str, record: PageRecord) -> None:
        if self.pages.get(rel) != record:
            self.pages[rel] = record
            self.changed = True

    def forget(self, rel: str) -> None:
        if self.pages.pop(rel, None) is not None:
            self.changed = True

    def set_index(self, files: dict[str, Stamp], inputs: str | None = None) -> None:
        inputs = self.index_inputs if inputs is None else inputs
        if (files, inputs) != (self.index_files, self.index_inputs):
            self.index_files, self.index_inputs = dict(files), inputs
            self.changed = True

    def made_by(self, versions: dict[str, str]) -> None:
        """Record that this build's outputs are made by ``versions``. When the recorded ones
        differ, no recorded page or index is current any more: their inputs are cleared, so
        that each page converts again when a build next selects it (a ``--lang`` or
        ``--page`` build leaves the others cleared)."""
        if versions == self.versions:
            return
        for record in self.pages.values():
            record.inputs = ""
        self.index_inputs = ""
        self.versions = dict(versions)
        self.changed = True

    def version_changes(self, versions: dict[str, str]) -> str | None:
        """What differs between ``versions`` and the recorded ones, to say so; None when
        nothing does, or nothing was recorded (a first build, an older manifest)."""
        if not self.versions or versions == self.versions:
            return None
        return ", ".join(f"{name} {version or 'not installed'} here, "
                         f"{self.versions.get(name) or 'none'} in the manifest"
                         for name, version in versions.items()
                         if self.versions.get(name) != version)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest in ``out``; an empty one when there is none, and an empty one with a
        :attr:`problem` when it is unreadable, malformed or of another format."""
        path = out / MANIFEST_NAME
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return cls()
        except OSError as error:
            return cls(problem=f"cannot be read ({error.strerror or error})")
        try:
            pages, index_files, index_inputs, versions = read_manifest(data, FORMAT)
        except MalformedError as error:
            return cls(problem=str(error))
        records = {rel: PageRecord(*fields) for rel, fields in pages.items()}
        return cls(records, index_files, index_inputs, versions=versions)

    def warning(self) -> PageWarning | None:
        """The one warning a build gives about the manifest it found, if any."""
        if self.problem is None:
            return None
        return PageWarning(MANIFEST_NAME, None, f"{self.problem}: treated as empty, so every "
                           "page is converted and no file is removed", "manifest")

    def files(self) -> list[str]:
        """Every file recorded: the pages' notebooks and the index files."""
        return [*self.index_files, *(path for record in self.pages.values()
                                     for path in record.outputs)]

    def text(self) -> str:
        """The manifest's JSON text."""
        data = {"format": FORMAT, "versions": self.versions,
                "pages": {rel: _entry(record) for rel, record in self.pages.items()},
                "index_files": {path: _content(stamp) for path, stamp in self.index_files.items()},
                "index_inputs": self.index_inputs}
        return dumps_indented(data) + "\n"

    def save(self, out: Path) -> bool:
        """Write the manifest if it changed. A manifest nothing changed is left alone; one
        whose changes cancelled out is compared with the file, and left alone too."""
        path = out / MANIFEST_NAME
        if not self.changed and path.is_file():
            return False
        return write_if_changed(path, self.text())


def _entry(record: PageRecord) -> dict[str, Any]:
    outputs = {path: _content(record.stamps[path]) for path in record.outputs}
    entry: dict[str, Any] = {"inputs": record.inputs, "outputs": outputs,
                             "title": record.title}
    if record.gpu:
        entry["gpu"] = sorted(record.gpu)
    if not record.marked:
        entry["marked"] = False
    if record.warnings:
        entry["warnings"] = [[w.path, w.line, w.message, w.kind] for w in record.warnings]
    return entry


def _content(stamp: Stamp) -> list[int | str]:
    """What the manifest keeps of a stamp: the same on every machine."""
    return [stamp.size, stamp.digest]


PageFields = tuple[str, list[str], str | None, list[PageWarning], dict[str, Stamp], bool,
                   list[str]]
"""inputs, outputs, title, warnings, stamps, marked, gpu: ``PageRecord``'s fields."""


class MalformedError(Exception):
    """The manifest's content is not what a build writes."""


def _bad(where: str, what: str) -> MalformedError:
    return MalformedError(f"malformed ({where} {what})")


def _stamps(value: Any, where: str, rel: str = "") -> dict[str, Stamp]:
    """Output path -> stamp; ``where`` names the field (of page ``rel``, if given)."""
    if not isinstance(value, dict):
        raise _bad(f"pages[{rel!r}].{where}" if rel else where, "is not an object")
    stamps: dict[str, Stamp] = {}
    for path, stamp in value.items():
        if not (type(stamp) is list and len(stamp) == 2 and type(stamp[0]) is int
                and stamp[0] >= 0 and type(stamp[1]) is str):
            raise _bad(f"{path!r} in {where}", "is not [size, hash]")
        stamps[path] = Stamp(stamp[0], stamp[1])
    return stamps


def _warnings(items: list[Any], rel: str) -> list[PageWarning]:
    found = []
    for item in items:
        if not (type(item) is list and len(item) == 4 and type(item[0]) is str
                and (item[1] is None or type(item[1]) is int)
                and type(item[2]) is str and type(item[3]) is str):
            raise _bad(f"pages[{rel!r}].warnings", "holds an item that is not "
                       "[path, line, message, kind]")
        found.append(PageWarning(*item))
    return found


def _page(rel: str, entry: Any) -> PageFields:
    """A page entry, as the arguments of a ``PageRecord``, in order."""
    if not isinstance(entry, dict):
        raise _bad(f"pages[{rel!r}]", "is not an object")
    inputs, title = entry.get("inputs"), entry.get("title")
    warnings, marked = entry.get("warnings", []), entry.get("marked", True)
    gpu = entry.get("gpu", [])
    if not (type(inputs) is str and (title is None or type(title) is str)
            and type(warnings) is list and type(marked) is bool and type(gpu) is list
            and all(type(path) is str for path in gpu)):
        raise _bad(f"pages[{rel!r}]", "has an inputs, title, warnings, marked or gpu field "
                   "of the wrong type")
    stamps = _stamps(entry.get("outputs"), "outputs", rel)
    return (inputs, sorted(stamps), title, _warnings(warnings, rel) if warnings else [],
            stamps, marked, gpu)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data)
    except RecursionError:
        raise MalformedError("malformed (nested too deep)") from None
    except ValueError as error:  # UnicodeDecodeError included
        raise MalformedError(f"not valid JSON ({error})") from None


def _versions(value: Any) -> dict[str, str]:
    if not (isinstance(value, dict) and all(type(version) is str for version in value.values())):
        raise _bad("versions", "is not an object of strings")
    return value


def read_manifest(data: bytes, expected_format: int,
                  ) -> tuple[dict[str, PageFields], dict[str, Stamp], str, dict[str, str]]:
    """``(pages, index files, index inputs, versions)`` of a manifest's bytes; raises
    :class:`MalformedError` for anything else. A manifest without versions (written before
    they were recorded) has none: its pages are converted again."""
    parsed = _parse(data)
    if not isinstance(parsed, dict):
        raise MalformedError("malformed (not a JSON object)")
    found = parsed.get("format")
    if found != expected_format:
        raise MalformedError(f"format {found!r}, this version of notebook-gen writes "
                             f"{expected_format}")
    pages = parsed.get("pages", {})
    if not isinstance(pages, dict):
        raise _bad("pages", "is not an object")
    records = {rel: _page(rel, entry) for rel, entry in pages.items()}
    index_files = _stamps(parsed.get("index_files", {}), "index_files")
    index_inputs = parsed.get("index_inputs", "")
    if not isinstance(index_inputs, str):
        raise _bad("index_inputs", "is not a string")
    return records, index_files, index_inputs, _versions(parsed.get("versions", {}))
