"""What a missing import may be instead of a missing install: a module the page itself
defines, or a typo of a standard-library module.

A page defines a module when its text names the module's file or folder where a reader
would create it: ``pair_classification.py``, ``resnet_model/configuration_resnet.py``,
``%%writefile helpers.py``, or a folder tree drawn with ``├──`` / ``└──`` (or ``|--``).
A name inside a URL or a longer path (``.../transformers/...``) does not count: only a
name at the start of a path does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from notebook_gen.lint.names import STDLIB

_START = r"(?:^|(?<=[\s`'\"(\[=])|(?<=\./))"
_FILE_OR_FOLDER = re.compile(_START + r"(?P<name>[A-Za-z_]\w*)(?:\.py\b|/)", re.MULTILINE)
_TREE_ENTRY = re.compile(r"(?:[├└]──|[|`]--)\s*(?P<name>[A-Za-z_]\w*)")
_STDLIB_PUBLIC = sorted(name for name in STDLIB if not name.startswith("_"))


def local_modules(notebook: Mapping[str, Any]) -> frozenset[str]:
    """Top-level module names the notebook's cells (prose and code) define as files."""
    found: set[str] = set()
    for cell in notebook.get("cells", ()):
        found.update(_defined_in(tuple(cell.get("source", ()))))
    return frozenset(found)


@lru_cache(maxsize=4096)
def _defined_in(lines: tuple[str, ...]) -> frozenset[str]:
    """The module names one cell's text defines. Cached: a page's notebooks share most of
    their cells, each scanned once."""
    text = "".join(lines)
    found: set[str] = set()
    if ".py" in text or "/" in text:
        # Word by word, and only the words that can hold a match: the same matches (a
        # match never spans whitespace, and a word starts where whitespace ends, as the
        # pattern's start allows), scanned in a fraction of the time.
        found.update(m["name"] for word in text.split() if "/" in word or ".py" in word
                     for m in _FILE_OR_FOLDER.finditer(word))
    if "──" in text or "--" in text:
        found.update(m["name"] for m in _TREE_ENTRY.finditer(text))
    return frozenset(found)


def near_stdlib(module: str) -> str | None:
    """The standard-library module ``module`` is probably a typo of (``contexlib``)."""
    if len(module) < 4:
        return None
    close = difflib.get_close_matches(module, _STDLIB_PUBLIC, n=1, cutoff=0.85)
    return close[0] if close else None
