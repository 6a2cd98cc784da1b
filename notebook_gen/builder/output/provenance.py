"""Whether a file in the output folder carries this tool's own provenance: the one test a
file must pass before a build deletes it.

The manifest says which files a build wrote, but the manifest is a file in the output
folder that anyone can edit: a tampered one could list ``README.md`` or ``.git/config``.
So a file is only deleted when it is, by its content, what this tool writes: a notebook
with ``metadata.notebook_gen``, or an index file with its generated mark.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from notebook_gen.builder.output.index_links import GENERATED_MARK, INDEX_JSON, INDEX_MD
from notebook_gen.convert.metadata import KEY

_HEAD = 400
_LARGEST_NOTEBOOK = 256 << 20
"""Bytes: a larger file is no notebook this tool wrote, and is not parsed to find out."""


def _notebook(path: Path, size: int) -> bool:
    if size > _LARGEST_NOTEBOOK:
        return False
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return isinstance(metadata, dict) and isinstance(metadata.get(KEY), dict)


def _index(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return GENERATED_MARK in handle.read(_HEAD)
    except OSError:
        return False


def is_generated(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) that this tool wrote."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if path.suffix == ".ipynb":
        return _notebook(path, info.st_size)
    return path.name in (INDEX_MD, INDEX_JSON) and _index(path)


NOT_GENERATED = ("not removed: notebook-gen did not write it (no metadata.notebook_gen, "
                 "no generated mark), whatever the manifest says")
