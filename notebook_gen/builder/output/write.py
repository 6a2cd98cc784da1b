"""The build's writes: atomic (:mod:`notebook_gen.atomic`), and only when the content
changed, so that the mtimes of unchanged notebooks stay. :func:`is_temp_name` recognises
the temporary files of an atomic write, so that a build can clear the debris of one that
was killed.
"""

from __future__ import annotations

import re
from pathlib import Path

from notebook_gen.atomic import NAME_MAX, TEMP_TAIL, write_atomic

_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$", re.DOTALL)
_OUR_SUFFIXES = (".ipynb", ".md", ".json")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is a temporary file this tool makes beside a file it writes."""
    found = _TEMP_NAME.match(name)
    if found is None:
        return False
    target = found["name"]
    try:
        size = len(target.encode("utf-8"))
    except UnicodeEncodeError:  # not UTF-8: no name this tool writes
        return False
    return target.endswith(_OUR_SUFFIXES) or size >= NAME_MAX - 1 - TEMP_TAIL - 3


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the file does not hold ``text`` already (mtimes of unchanged files
    stay); True if written. A file of other line endings is rewritten, as ``--check``
    would call it stale."""
    if has_content(path, text):
        return False
    write_atomic(path, text)
    return True


def has_content(path: Path, text: str) -> bool:
    """Whether the file at ``path`` holds exactly ``text`` (line endings included); False
    when it cannot be read."""
    try:
        with path.open(encoding="utf-8", newline="") as existing:
            return existing.read() == text
    except (OSError, UnicodeDecodeError):
        return False
