"""The build manifest: what each page produced, and from which inputs.

Kept in the output folder. It lets a rebuild skip unchanged pages, and lets ``--clean``
remove only files this tool wrote (a file not listed here is never deleted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.write import write_if_changed

MANIFEST_NAME = ".notebook-gen-manifest.json"
FORMAT = 1


@dataclass
class PageRecord:
    inputs: str
    """Hash of everything the page's notebooks depend on."""
    outputs: list[str]
    """Notebook paths relative to the output folder."""
    title: str | None = None


@dataclass
class Manifest:
    pages: dict[str, PageRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest in ``out``, or an empty one (missing, unreadable, other format)."""
        try:
            data: dict[str, Any] = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if data.get("format") != FORMAT:
            return cls()
        pages = {rel: PageRecord(entry["inputs"], list(entry["outputs"]), entry.get("title"))
                 for rel, entry in data.get("pages", {}).items()}
        return cls(pages)

    def generated_files(self) -> set[str]:
        return {path for record in self.pages.values() for path in record.outputs}

    def dumps(self) -> str:
        pages = {rel: {"inputs": r.inputs, "outputs": sorted(r.outputs), "title": r.title}
                 for rel, r in sorted(self.pages.items())}
        return json.dumps({"format": FORMAT, "pages": pages}, indent=1, sort_keys=True,
                          ensure_ascii=False) + "\n"

    def save(self, out: Path) -> bool:
        return write_if_changed(out / MANIFEST_NAME, self.dumps())
