"""What a build removes: notebooks a page no longer makes, and (``--clean``) those of
pages that are gone. Two rules keep it from losing a notebook:

- **A path claimed in this build is never removed.** Removals wait until every page has
  been recorded; a path that any page still in the manifest lists stays. A page that moved
  (``en/a/foo.md`` to ``en/b/foo.md``, same notebook name), a new page taking over a
  notebook name, or a docs root given another way all write the very paths that the old
  records list.
- **``--clean`` removes pages that are gone, not pages outside this selection.** A page is
  gone when its file is, or when it lost its ``[[open-in-colab]]`` marker. A page that was
  converted only because a build had ``--all`` is kept by a build without it (which says
  so); other languages and ``--page`` filters are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.build.output.outfiles import OutputFolder
from notebook_gen.build.state.manifest import Manifest


@dataclass
class Removals:
    """Outputs that pages no longer list, collected while pages are recorded."""

    dropped: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    """Pages forgotten (or, in check mode, to forget) by ``--clean``."""
    kept_from_all: int = 0
    """Unmarked pages a build with ``--all`` converted, kept by ``--clean`` without it."""


def find_gone(manifest: Manifest, unselected: set[str], source: Path,
              removals: Removals) -> None:
    """The pages ``--clean`` forgets: their file is gone, or they lost their marker. A page
    that cannot be looked at (its folder can no longer be listed: discovery reports that)
    is not known to be gone, and is kept."""
    for rel, record in manifest.pages.items():
        try:
            exists = (source / rel).is_file()
        except OSError:
            continue
        if not exists:
            removals.gone.add(rel)
        elif rel in unselected:
            if record.marked:
                removals.gone.add(rel)
            else:
                removals.kept_from_all += 1
    removals.dropped.update(path for rel in removals.gone
                            for path in manifest.pages[rel].outputs)


def remove_unclaimed(removals: Removals, folder: OutputFolder, manifest: Manifest,
                     check: bool) -> list[tuple[str, str | None]]:
    """Remove dropped outputs that no remaining page claims; forget gone pages (unless
    ``check``). Returns ``(path, status)`` for each removal tried."""
    claimed = {path for rel, record in manifest.pages.items() if rel not in removals.gone
               for path in record.outputs}
    if not check:
        for rel in sorted(removals.gone):
            manifest.forget(rel)
    return [(path, folder.remove(path)) for path in sorted(removals.dropped - claimed)]


def kept_note(removals: Removals) -> str | None:
    if not removals.kept_from_all:
        return None
    return (f"--clean kept the notebooks of {removals.kept_from_all} pages built with --all "
            "(they have no [[open-in-colab]] marker); repeat --all to clean with that "
            "selection")
