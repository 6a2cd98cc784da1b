"""Cell specs to an nbformat 4.5 notebook: deterministic ids, metadata, serialisation.

Notebooks are built as plain dicts and serialised the way ``nbformat.writes`` does
(sorted keys, one-space indent, sources split into lines; see :mod:`serialize`), without
re-validating on every write: validation runs in the tests, per construct and over the
corpus.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from notebook_gen.convert import metadata as md
from notebook_gen.convert.gpu import gpu_metadata
from notebook_gen.convert.serialize import dumps_notebook
from notebook_gen.model import CellSpec

NotebookDict = dict[str, Any]

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
HTML_REPR = "<IPython.core.display.HTML object>"
"""What IPython shows as the plain-text form of an ``HTML(...)`` display."""


def _lines(text: str) -> list[str]:
    """A multi-line string as nbformat stores it: a list of lines keeping their ``\\n``."""
    return text.splitlines(keepends=True)


def _occurrence(cell: CellSpec, seen: Counter[tuple[str, str]]) -> int:
    """How many cells of this kind and source the notebook has had so far, this one too."""
    key = (cell.kind, cell.source)
    seen[key] += 1
    return seen[key]


def _cell_id(cell: CellSpec, occurrence: int) -> str:
    """Same source, same id: ids survive edits elsewhere on the page."""
    text = f"{cell.kind}\0{cell.source}\0{occurrence}"
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _cell_dict(cell: CellSpec, cell_id: str) -> dict[str, Any]:
    origin = {md.ORIGIN: cell.origin} if cell.origin else {md.LINE: cell.line}
    meta: dict[str, Any] = {md.KEY: origin}
    if cell.doctest_flags:
        meta[md.KEY][md.DOCTEST_FLAGS] = list(cell.doctest_flags)
    if cell.framework:
        meta[md.KEY][md.FRAMEWORK] = cell.framework
    if cell.tags:
        meta["tags"] = list(cell.tags)
    if cell.hidden_input:
        meta["cellView"] = "form"
        meta["jupyter"] = {"source_hidden": True}
    if cell.kind == "markdown":
        return {"cell_type": "markdown", "id": cell_id, "metadata": meta,
                "source": _lines(cell.source)}
    outputs = [] if cell.expected_output is None else [_output(cell)]
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": meta,
            "outputs": outputs, "source": _lines(cell.source)}


def _output(cell: CellSpec) -> dict[str, Any]:
    """The page's output for a cell, stored as running the cell would store it."""
    text = _lines(cell.expected_output or "")
    if cell.output_kind == "stream":
        return {"output_type": "stream", "name": "stdout", "text": text}
    if cell.output_kind == "display_html":
        return {"output_type": "display_data", "metadata": {},
                "data": {"text/html": text, "text/plain": [HTML_REPR]}}
    return {"output_type": "execute_result", "execution_count": None,
            "data": {"text/plain": text}, "metadata": {}}


def build_notebook(cells: Iterable[CellSpec], provenance: Mapping[str, Any],
                   title: str | None = None, gpu_type: str | None = None,
                   shared: dict[tuple[CellSpec, int], dict[str, Any]] | None = None
                   ) -> NotebookDict:
    """A notebook dict (nbformat 4.5) from cell specs and the page's provenance;
    ``gpu_type`` (``"T4"``) asks Colab for a GPU runtime. ``shared`` lets a page's
    notebooks hold one dict for equal cell specs at the same occurrence (a cell dict and its
    id depend on nothing else: built once, serialised once, see
    :func:`~.serialize.dumps_notebook`); nothing may change a cell dict afterwards."""
    shared = {} if shared is None else shared
    seen: Counter[tuple[str, str]] = Counter()
    cell_dicts = []
    for cell in cells:
        occurrence = _occurrence(cell, seen)
        key = (cell, occurrence)
        if key not in shared:
            shared[key] = _cell_dict(cell, _cell_id(cell, occurrence))
        cell_dicts.append(shared[key])
    colab: dict[str, Any] = {"provenance": []}
    if title:
        colab["name"] = title
    metadata: dict[str, Any] = {"colab": colab, "kernelspec": dict(KERNELSPEC),
                                "language_info": dict(LANGUAGE_INFO), md.KEY: dict(provenance)}
    if gpu_type:
        gpu_metadata(metadata, gpu_type)
    return {"cells": cell_dicts, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def dumps(notebook: NotebookDict, shared: dict[int, str] | None = None) -> str:
    """Serialise exactly as ``nbformat.writes`` would, plus the final newline it adds;
    ``shared`` holds the text of cells that the page's other notebooks share."""
    return dumps_notebook(notebook, {} if shared is None else shared) + "\n"
