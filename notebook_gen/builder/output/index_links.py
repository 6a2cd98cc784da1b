"""Where the index's "Open in Colab" links point (:class:`IndexLinks`): what a build needs
of the index even when the index is current (the index itself is made by :mod:`.index`,
loaded only when it changes)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

COLAB = "https://colab.research.google.com/github"
_NOT_IN_REFS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
"""What ``git check-ref-format`` refuses anywhere in a name: control characters, space,
``~ ^ : ? * [ \\``, ``..``, ``@{`` and an empty component."""


def repository_path(path: str) -> str:
    """A folder's path from the repository root, normalised (``./a//b/`` -> ``a/b``, ``.``
    -> ``""``). Raises ValueError for a path that is absolute or climbs out of the root
    (``../x``): a Colab link to it would leave the repository."""
    normal = posixpath.normpath(path.strip().replace("\\", "/") or ".")
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../"):
        raise ValueError(f"{path!r} leaves the repository: give the output folder's path "
                         "from the repository root (e.g. notebooks_out)")
    return "" if normal == "." else normal


def branch_problem(name: str) -> str | None:
    """Why git would refuse ``name`` as a branch name (the rules of ``git check-ref-format
    --branch``), or None. A Colab link names the branch as a path of the URL: a name git
    accepts is percent-encoded there, one it refuses (``../../x``) is refused."""
    if not name or name == "@":
        return "empty" if not name else "'@' alone"
    if (found := _NOT_IN_REFS.search(name)) is not None:
        return f"it holds {found[0]!r}"
    if name.startswith(("-", "/")) or name.endswith(("/", ".")):
        return f"it starts with {name[0]!r}" if name.startswith(("-", "/")) \
            else f"it ends with {name[-1]!r}"
    if any(part.startswith(".") or part.endswith(".lock") for part in name.split("/")):
        return "a part of it starts with '.' or ends with '.lock'"
    return None


@dataclass(frozen=True)
class IndexLinks:
    """Where the output folder lives on GitHub; no repository means relative links."""

    repository: str | None = None
    """``OWNER/NAME``."""
    branch: str = "main"
    notebooks_path: str = ""
    """The output folder's path inside the repository (``notebooks_out``); see
    :func:`repository_path`."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "notebooks_path", repository_path(self.notebooks_path))
        if (problem := branch_problem(self.branch)) is not None:
            raise ValueError(f"branch {self.branch!r}: not a valid git branch name ({problem})")

    def colab_url(self, output: str) -> str | None:
        if not self.repository:
            return None
        path = f"{self.notebooks_path}/{output}" if self.notebooks_path else output
        return f"{COLAB}/{self.repository}/blob/{quote(self.branch)}/{quote(path)}"
