"""Save executed copies (``--write-executed``), with large outputs cut down to size.

A nightly run over hundreds of notebooks should leave artifacts a person can
open, not megabytes of training logs: text longer than :data:`.outputs.MAX_TEXT`
characters (streams, plain-text results, an error's message and traceback) keeps
its head and tail, and rich data larger than :data:`MAX_DATA` (images, HTML) is
replaced by a note.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from notebook_gen.atomic import atomic_text
from notebook_gen.execute.outputs import clean, truncate_text

__all__ = ["MAX_DATA", "write"]

# nbformat's functions are not annotated; this name gives write the type it has.
_write_notebook: Callable[..., None] = nbformat.write

MAX_DATA = 1_000_000


def write(notebook: Any, path: Path) -> None:
    """Write ``notebook`` to ``path`` atomically, truncating large outputs first."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for output in cell.get("outputs", ()):
                _truncate(output)
    # backslashreplace: a lone surrogate in any output still gives a readable file
    with atomic_text(path, errors="backslashreplace") as stream:
        _write_notebook(notebook, stream)


def _truncate(output: Any) -> None:
    if output.output_type == "stream":
        output.text = clean(_joined(output.text))
        return
    if output.output_type == "error":
        output.evalue = clean(str(output.evalue), what="error message")
        output.traceback = clean("\n".join(output.traceback), what="traceback").split("\n")
        return
    data = output.get("data")
    if not data:
        return
    for mime, value in list(data.items()):
        text = _joined(value) if isinstance(value, str | list) else None
        if text is None:
            continue
        if mime == "text/plain":
            data[mime] = truncate_text(text)
        elif len(text) > MAX_DATA:
            del data[mime]
            note = f"[notebook-gen: {mime} output of {len(text)} characters omitted]"
            data.setdefault("text/plain", note)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
