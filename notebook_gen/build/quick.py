"""The quick check: when nothing a build reads has changed since the last one, settle every
page from ``stat`` calls, without reading, parsing or converting anything.

The last full build left a :class:`~notebook_gen.build.state.snapshot.Snapshot`: every
page's size, mtime and hash, the same for each language's ``_config.py`` and
``_toctree.yml``, and what it derived from them (the fingerprint of each language's
notebooks, its notes, the tree's warnings, the toctrees' digest). When the set of pages and
every file are as recorded (stat, or hash when the stat cannot tell: see
:func:`~notebook_gen.build.state.snapshot.unchanged`), and each selected page's notebooks are
still what the manifest recorded, the build reports those pages unchanged and repeats the
notes and warnings. Anything else (a page edited, added or removed, a config changed, an
output touched) returns None and the full build (:mod:`.full`) runs,
exactly as without a snapshot.

A snapshot is only made when its derived values depend on nothing else: not with
``--external`` libraries, nor when link anchors come from the package's source beside the
docs, nor when the package's name comes from a folder's name. A package source that appears
beside the docs after the snapshot was made is a change too.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from notebook_gen.build.inputs.discover import (
    CONFIG_NAME,
    TOCTREE,
    Language,
    Page,
    matches_glob,
)
from notebook_gen.build.output.stamps import intact
from notebook_gen.build.pages.pagetask import PageOutcome, page_inputs
from notebook_gen.build.state.manifest import Manifest
from notebook_gen.build.state.snapshot import FileStamp, Snapshot, file_stamp, unchanged
from notebook_gen.links.source_folder import package_folder
from notebook_gen.version import __version__

if TYPE_CHECKING:
    from notebook_gen.build.inputs.toctree import Toctree
    from notebook_gen.build.tree import BuildOptions



def snapshot_key(options: BuildOptions) -> str:
    """What a snapshot's derived values hold for: the version and every option but those
    that only say how to build (``jobs``) or what to report; "" when no snapshot can
    describe the build (other libraries' inventories are read from elsewhere)."""
    if options.externals:
        return ""
    shown = (options.source, options.all_pages, options.langs, options.package,
             options.convert, options.lint, options.index)
    return hashlib.sha256(f"{__version__}\0{shown!r}".encode()).hexdigest()


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
        snapshot.files[relative] = file_stamp(os.path.join(root, relative))


def toctree_digest(toctrees: Mapping[str, Toctree]) -> str:
    """What the index takes from the toctrees, as one digest."""
    return hashlib.sha256(repr(sorted(toctrees.items())).encode()).hexdigest()


def _same_tree(root: Path, languages: list[Language], pages: Mapping[str, list[Page]],
               snapshot: Snapshot, refreshed: dict[str, FileStamp]) -> bool:
    found = [page.rel for lang_pages in pages.values() for page in lang_pages]
    if len(found) != len(snapshot.sources) or not all(rel in snapshot.sources
                                                         for rel in found):
        return False
    if sorted(snapshot.files) != tree_files(languages):
        return False
    return all(unchanged(os.path.join(root, relative), stamp, snapshot.recorded_ns,
                         refreshed) for relative, stamp in snapshot.files.items())


def _page_unchanged(page: Page, snapshot: Snapshot, refreshed: dict[str, FileStamp]
                    ) -> bool:
    size, mtime_ns, digest, _ = snapshot.sources[page.rel]
    return unchanged(os.path.join(page.folder, page.lang_rel), (size, mtime_ns, digest),
                     snapshot.recorded_ns, refreshed)


def quick_outcomes(options: BuildOptions, languages: list[Language],
                   selected: list[Language], pages: Mapping[str, list[Page]],
                   manifest: Manifest, snapshot: Snapshot) -> list[PageOutcome] | None:
    """Every selected page's outcome (``unchanged`` or ``unselected``), in the full
    build's order, when nothing changed; None as soon as something did. Files hashed
    because their ``stat`` could not tell get their new stamps into the snapshot (see
    :func:`refresh`)."""
    refreshed: dict[str, FileStamp] = {}
    if not _same_tree(options.source, languages, pages, snapshot, refreshed):
        return None
    if snapshot.package and package_folder(options.source, snapshot.package) is not None:
        return None  # the package's source appeared beside the docs: its anchors apply
    outcomes: list[PageOutcome] = []
    chosen = {language.code for language in selected}
    for language in languages:
        if language.code not in chosen:
            fingerprint = None  # its pages are only checked: they feed the links
        elif (fingerprint := snapshot.fingerprints.get(language.code)) is None:
            return None
        for page in pages[language.code]:
            if not _page_unchanged(page, snapshot, refreshed):
                return None  # its links, or another page's, may have changed: read them all
            if fingerprint is None or not matches_glob(page, options.page_glob):
                continue
            if not options.all_pages and not snapshot.sources[page.rel][3]:
                outcomes.append(PageOutcome(page.rel, "unselected"))
                continue
            known = manifest.pages.get(page.rel)
            inputs = page_inputs(fingerprint, page.stem, snapshot.sources[page.rel][2])
            if known is None or known.inputs != inputs or not intact(
                    options.out, known.stamps, manifest.recorded_ns):
                return None
            outcomes.append(PageOutcome(page.rel, "unchanged", inputs))
    refresh(snapshot, refreshed, options.source, pages)
    return outcomes  # in the full build's order: selected keeps the order of languages


def refresh(snapshot: Snapshot, refreshed: Mapping[str, FileStamp], root: Path,
            pages: Mapping[str, list[Page]]) -> None:
    """Put the new stamps of files hashed unchanged into ``snapshot`` (a page touched, or
    one read too soon after it was written), and mark it to be saved again."""
    if not refreshed:
        return
    for lang_pages in pages.values():
        for page in lang_pages:
            found = refreshed.get(os.path.join(page.folder, page.lang_rel))
            if found is not None:
                snapshot.sources[page.rel] = (*found, snapshot.sources[page.rel][3])
    for relative in snapshot.files:
        found = refreshed.get(os.path.join(root, relative))
        if found is not None:
            snapshot.files[relative] = found
    snapshot.stale = True
