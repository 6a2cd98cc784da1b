"""Temporary files a killed build left beside the files it was writing.

Every file is written to ``.NAME.XXXXXXXX.tmp`` and renamed over ``NAME``; a build killed
between the two leaves the temporary file. It is this tool's own debris, so the next build
removes it (``--check`` lists it, and removes nothing). Only the folders the tool writes
to are looked at: the output folder itself and the folders of the files the manifest
lists.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from notebook_gen.builder.output.folder import OutputFolder, is_temp_name


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
