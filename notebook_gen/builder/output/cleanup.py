"""What a build removes: notebooks a page no longer makes, those of pages that no longer
exist (deleted or renamed: every build, so that ``--check`` agrees with it), and
(``--clean``) those of pages that lost their marker. Two rules keep it from losing a
notebook:

- **A path claimed in this build is never removed.** Removals wait until every page has
  been recorded; a path that any page still in the manifest lists stays. A page that moved
  (``en/a/foo.md`` to ``en/b/foo.md``, same notebook name), a new page taking over a
  notebook name, or a docs root given another way all write the very paths that the old
  records list.
- **Only pages that are gone, not pages outside this selection.** A page is gone when its
  file is (in any language: the manifest covers the whole output folder), or, with
  ``--clean``, when it lost its ``[[open-in-colab]]`` marker. A page that was converted
  only because a build had ``--all`` is kept by a build without it (which says so); pages
  of other languages and outside ``--page`` that still exist are never touched. A page
  whose file cannot be looked at (a folder that can no longer be searched) is not gone.

And a file is only removed when it carries the tool's provenance
(:func:`~notebook_gen.builder.output.folder.is_generated`), whatever the manifest says.

A build also removes the temporary files a killed build left beside the files it was
writing (:func:`find_debris`). Every file is written to ``.NAME.XXXXXXXX.tmp`` and renamed
over ``NAME``; a build killed between the two leaves the temporary file. It is this tool's
own debris, so the next build removes it (``--check`` lists it, and removes nothing). Only
the folders the tool writes to are looked at: the output folder itself and the folders of
the files the manifest lists.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.builder.manifest import Manifest
from notebook_gen.builder.output.folder import FileStatus, OutputFolder, is_temp_name


@dataclass
class Removals:
    """Outputs that pages no longer list, collected while pages are recorded."""

    dropped: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    """Pages forgotten (or, in check mode, to forget): deleted, or (``--clean``) unmarked."""
    deleted: dict[str, list[str]] = field(default_factory=dict)
    """The gone pages whose file no longer exists -> their outputs (to say what went)."""
    kept_from_all: int = 0
    """Unmarked pages a build with ``--all`` converted, kept by ``--clean`` without it."""


def _deleted(path: Path) -> bool:
    """Whether the page file is gone. A path that cannot be looked at, or that holds
    something other than a file now (a FIFO: discovery reports it), is not known to be
    gone, and its notebooks stay."""
    try:
        os.stat(path)
        return False
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):  # permission denied, a link loop, a NUL in a tampered name
        return False


def find_gone(manifest: Manifest, found: set[str], unselected: set[str], source: Path,
              removals: Removals, clean: bool) -> None:
    """The pages a build forgets: their file is gone, or (``clean``) they lost their
    marker. ``found`` holds the pages this build discovered (those exist: no need to look)."""
    for rel, record in manifest.pages.items():
        if rel not in found and _deleted(source / rel):
            removals.gone.add(rel)
            removals.deleted[rel] = record.outputs
        elif clean and rel in unselected:
            if record.marked:
                removals.gone.add(rel)
            else:
                removals.kept_from_all += 1
    removals.dropped.update(path for rel in removals.gone
                            for path in manifest.pages[rel].outputs)


def remove_unclaimed(removals: Removals, folder: OutputFolder, manifest: Manifest,
                     check: bool) -> list[tuple[str, FileStatus | None]]:
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


def deleted_note(removals: Removals, removed: set[str]) -> str | None:
    """What a build says when it removed the notebooks of pages that no longer exist."""
    pages = sorted(rel for rel, outputs in removals.deleted.items()
                   if removed.intersection(outputs))
    if not pages:
        return None
    shown = ", ".join(pages[:_LISTED]) + (f" and {len(pages) - _LISTED} more"
                                          if len(pages) > _LISTED else "")
    exist = "exists" if len(pages) == 1 else "exist"
    noun = "page" if len(pages) == 1 else "pages"
    return f"removed the notebooks of {len(pages)} {noun} that no longer {exist}: {shown}"


_LISTED = 5
"""Pages named in :func:`deleted_note`; the rest are counted."""


def _folders(files: Iterable[str]) -> set[str]:
    return {""} | {path.rpartition("/")[0] for path in files}


def find_debris(folder: OutputFolder, files: Iterable[str]) -> list[str]:
    """Temporary files (relative to the output folder) in the folders of ``files``."""
    found: list[str] = []
    for relative in sorted(_folders(files)):
        if relative and folder.problem(relative) is not None:
            continue  # a folder that leaves the output folder, or loops, is not looked at
        prefix = f"{relative}/" if relative else ""
        try:
            with os.scandir(folder.out / relative) as entries:
                found += [prefix + entry.name for entry in entries
                          if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False)]
        except OSError:
            continue
    return sorted(found)


def clear_debris(out: Path, found: list[str]) -> list[str]:
    """Remove the temporary files found; returns those removed."""
    removed: list[str] = []
    for relative in found:
        try:
            os.unlink(out / relative)
        except OSError:
            continue
        removed.append(relative)
    return removed
