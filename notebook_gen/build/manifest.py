"""The build manifest: what each page produced, and from which inputs.

Kept in the output folder. It lets a rebuild skip unchanged pages (and still report their
warnings), and lets ``--clean`` remove only files this tool wrote (a file not listed here,
as a page's notebook or as an index file, is never deleted).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.build.write import has_content, write_atomic
from notebook_gen.convert.serialize import Pairs, iter_indented
from notebook_gen.errors import PageWarning

MANIFEST_NAME = ".notebook-gen-manifest.json"
FORMAT = 1


@dataclass(slots=True)
class PageRecord:
    inputs: str
    """Hash of everything the page's notebooks depend on."""
    outputs: list[str]
    """Notebook paths relative to the output folder."""
    title: str | None = None
    warnings: list[PageWarning] = field(default_factory=list)
    """What converting (and linting) the page reported, repeated by builds that skip it."""


def _warning(data: Any) -> PageWarning:
    path, line, message, kind = data
    return PageWarning(str(path), int(line) if line else None, str(message), str(kind))


def _record(entry: dict[str, Any]) -> PageRecord:
    warnings = [_warning(item) for item in entry.get("warnings", [])]
    return PageRecord(entry["inputs"], list(entry["outputs"]), entry.get("title"), warnings)


@dataclass
class Manifest:
    pages: dict[str, PageRecord] = field(default_factory=dict)
    index_files: list[str] = field(default_factory=list)
    """Index files (``index.json``, ``<lang>/index.md``) this tool wrote."""
    index_inputs: str = ""
    """Hash of what the index files were made from: equal means they are current."""
    changed: bool = False
    """Set by the methods below; an unchanged manifest is not even compared on save."""

    def record(self, rel: str, record: PageRecord) -> None:
        if self.pages.get(rel) != record:
            self.pages[rel] = record
            self.changed = True

    def forget(self, rel: str) -> None:
        if self.pages.pop(rel, None) is not None:
            self.changed = True

    def set_index(self, files: list[str], inputs: str | None = None) -> None:
        inputs = self.index_inputs if inputs is None else inputs
        if (files, inputs) != (self.index_files, self.index_inputs):
            self.index_files, self.index_inputs = files, inputs
            self.changed = True

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest in ``out``, or an empty one (missing, unreadable, other format)."""
        try:
            data: dict[str, Any] = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            pages = {rel: _record(entry) for rel, entry in data.get("pages", {}).items()}
            return cls(pages, [str(path) for path in data.get("index_files", [])],
                       str(data.get("index_inputs", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def generated_files(self) -> set[str]:
        notebooks = {path for record in self.pages.values() for path in record.outputs}
        return notebooks | set(self.index_files)

    def pieces(self) -> Iterator[str]:
        """The manifest's JSON text in pieces, one page entry at a time."""
        pages = Pairs((rel, _entry(self.pages[rel])) for rel in sorted(self.pages))
        data = {"format": FORMAT, "pages": pages, "index_files": sorted(self.index_files),
                "index_inputs": self.index_inputs}
        yield from iter_indented(data)
        yield "\n"

    def dumps(self) -> str:
        return "".join(self.pieces())

    def save(self, out: Path) -> bool:
        """Write the manifest if it changed. A manifest nothing changed is left alone; one
        whose changes cancelled out is compared before it is written."""
        path = out / MANIFEST_NAME
        if (not self.changed and path.is_file()) or has_content(path, self.pieces()):
            return False
        write_atomic(path, self.pieces())
        return True


def _entry(record: PageRecord) -> dict[str, Any]:
    entry: dict[str, Any] = {"inputs": record.inputs, "outputs": sorted(record.outputs),
                             "title": record.title}
    if record.warnings:
        entry["warnings"] = [[w.path, w.line, w.message, w.kind] for w in record.warnings]
    return entry
