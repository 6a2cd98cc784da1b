"""The quick check: when nothing a build reads has changed since the last one, settle every
page from ``stat`` calls, without reading, parsing or converting anything.

The last full build left a :class:`~notebook_gen.builder.snapshot.Snapshot`: a stamp of
every page, of each language's ``_config.py`` and ``_toctree.yml``, of every Python file of
the package's source when API anchors came from it, and of the outputs, and what it derived
from them (the fingerprint of each language's notebooks, its notes, the tree's warnings, the
toctrees' digest). When the set of pages, the set of source files and every file are
unchanged (:func:`~notebook_gen.builder.snapshot.unchanged`), and each selected page's
notebooks still hold what the manifest recorded, the build reports those pages unchanged
and repeats the notes and warnings. Anything else (a page edited, added or removed, a
config or a source file changed, an output touched) returns None and the full build
(:func:`notebook_gen.builder.build.convert_tree`) runs, exactly as without a snapshot.

A snapshot settles no page when its derived values depend on what it does not stamp:
``--external`` libraries, or a package named after a folder's name. A change to what an
inferred package was read from outside the docs (packaging files, import packages) is a
change too.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from notebook_gen.builder.inputs.discover import (
    CONFIG_NAME,
    TOCTREE,
    Language,
    Page,
    matches_glob,
)
from notebook_gen.builder.inputs.repository import repository_digest
from notebook_gen.builder.manifest import Manifest, PageOutcome, PageStatus, page_inputs
from notebook_gen.builder.snapshot import Snapshot, read_stamp
from notebook_gen.links.source_folder import package_folder, source_files

if TYPE_CHECKING:
    from notebook_gen.builder.inputs.toctree import Toctree



def tree_files(languages: Iterable[Language]) -> list[str]:
    """The files besides pages that a build reads, by path from the docs root: the root's
    config and each language's config and toctree."""
    files = {CONFIG_NAME}
    for language in languages:
        files.update((language.prefix + CONFIG_NAME, language.prefix + TOCTREE))
    return sorted(files)


def stamp_tree_files(root: Path, languages: Iterable[Language], snapshot: Snapshot) -> None:
    """Record the tree files' stamps (before the build reads them)."""
    for relative in tree_files(languages):
        snapshot.files[relative] = read_stamp(os.path.join(root, relative))


def stamp_package(folder: Path, snapshot: Snapshot) -> None:
    """Record the stamps of the package source's Python files (before its exports are
    read: a change during the read shows as a new stat)."""
    snapshot.package_folder = str(folder)
    snapshot.package_files = {}
    for relative in source_files(folder):
        found = read_stamp(os.path.join(folder, relative))
        if found is not None:  # an unreadable file: the next build reads the source again
            snapshot.package_files[relative] = found


def toctree_digest(toctrees: Mapping[str, Toctree]) -> str:
    """What the index takes from the toctrees, as one digest."""
    return hashlib.sha256(repr(sorted(toctrees.items())).encode()).hexdigest()


def _same_tree(root: Path, languages: list[Language], pages: Mapping[str, list[Page]],
               snapshot: Snapshot) -> bool:
    found = [page.rel for lang_pages in pages.values() for page in lang_pages]
    if len(found) != len(snapshot.sources) or not all(rel in snapshot.sources
                                                         for rel in found):
        return False
    if sorted(snapshot.files) != tree_files(languages):
        return False
    return all(snapshot.still(snapshot.files, relative, os.path.join(root, relative))
               for relative in list(snapshot.files))


def _same_package(root: Path, snapshot: Snapshot) -> bool:
    """Whether the package's source is where it was (or still absent) and its files are
    unchanged: its exports, which gave the anchors, are then the same."""
    if not snapshot.package:
        return True
    folder = package_folder(root, snapshot.package)
    if (str(folder) if folder is not None else "") != snapshot.package_folder:
        return False
    if folder is None:
        return True
    names = source_files(folder)
    return names == sorted(snapshot.package_files) and all(
        snapshot.still(snapshot.package_files, name, os.path.join(folder, name))
        for name in names)


def quick_outcomes(source: Path, out: Path, languages: list[Language],
                   selected: list[Language], pages: Mapping[str, list[Page]],
                   page_glob: str | None, all_pages: bool, manifest: Manifest,
                   snapshot: Snapshot) -> list[PageOutcome] | None:
    """Every selected page's outcome (``unchanged`` or ``unselected``), in the full
    build's order, when nothing changed; None as soon as something did. Files hashed
    because their ``stat`` could not tell get their new stamps into the snapshot (marked
    stale, to be saved). ``source`` is the docs root, ``out`` the output folder; ``page_glob``
    and ``all_pages`` select pages as the build's options do."""
    if not _same_tree(source, languages, pages, snapshot) or not _same_package(
            source, snapshot):
        return None
    if snapshot.repository and repository_digest(source) != snapshot.repository:
        return None  # packaging files or import packages changed: the package may have
    outcomes: list[PageOutcome] = []
    chosen = {language.code for language in selected}
    for language in languages:
        if language.code not in chosen:
            fingerprint = None  # its pages are only checked: they feed the links
        elif (fingerprint := snapshot.fingerprints.get(language.code)) is None:
            return None
        for page in pages[language.code]:
            if not snapshot.still(snapshot.sources, page.rel,
                                  os.path.join(page.folder, page.lang_rel)):
                return None  # its links, or another page's, may have changed: read them all
            if fingerprint is None or not matches_glob(page, page_glob):
                continue
            if not all_pages and page.rel not in snapshot.marked:
                outcomes.append(PageOutcome(page.rel, PageStatus.UNSELECTED))
                continue
            known = manifest.pages.get(page.rel)
            inputs = page_inputs(fingerprint, page.stem, snapshot.sources[page.rel].digest)
            if known is None or known.inputs != inputs or not snapshot.outputs_intact(
                    out, known.stamps):
                return None
            outcomes.append(PageOutcome(page.rel, PageStatus.UP_TO_DATE, inputs))
    return outcomes  # in the full build's order: selected keeps the order of languages
