"""Bring the output folder's Colab index up to date with the manifest.

Index files are written like notebooks (atomically, only when changed; compared in check
mode) and recorded in the manifest. Only recorded index files are ever removed, and an
existing file this tool did not write is never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping

from notebook_gen.builder.inputs.toctree import Toctree
from notebook_gen.builder.manifest import Manifest, PageRecord
from notebook_gen.builder.output.folder import OutputFolder
from notebook_gen.builder.output.index import GENERATED_MARK, IndexLinks, index_files
from notebook_gen.builder.snapshot import Stamp, stamp_text
from notebook_gen.errors import PageError


def _foreign(folder: OutputFolder, relative: str, recorded: set[str]) -> bool:
    head = folder.read_head(relative)
    return head is not None and relative not in recorded and GENERATED_MARK not in head


def update_index(folder: OutputFolder, manifest: Manifest, pages: Mapping[str, PageRecord],
                 prefixes: Mapping[str, str], toctrees: Mapping[str, Toctree],
                 links: IndexLinks) -> tuple[list[tuple[str, str]], list[PageError]]:
    """Write (or check) the index of ``pages``; returns ``(path, status)`` pairs and errors.

    ``manifest.index_files`` is updated to what the folder now holds, with stamps.
    """
    files = index_files(pages, prefixes, toctrees, links)
    written = set(files)
    recorded = set(manifest.index_files)
    statuses: list[tuple[str, str]] = []
    errors: list[PageError] = []
    kept: dict[str, Stamp] = {}
    for relative in sorted(files):
        text = files.pop(relative)  # let each file's text go once written (a large tree's)
        if _foreign(folder, relative, recorded):
            errors.append(PageError(relative, None, "exists and was not written by "
                                    "notebook-gen; not overwritten (move it away to get "
                                    "the index)"))
            continue
        status = folder.put(relative, text)
        if status is not None:
            statuses.append((relative, status))
            kept[relative] = stamp_text(text)
    for relative in sorted(recorded - written):
        status = folder.remove(relative)
        if status is not None:
            statuses.append((relative, status))
    manifest.set_index(kept)
    return statuses, errors
