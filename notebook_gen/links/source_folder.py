"""Where a package's source sits beside its docs, found with a handful of ``stat`` calls.

The source is ``src/<package>/`` or ``<package>/`` (a folder with ``__init__.py``) in the
repository holding the docs: the docs root or a folder above it, up to the folder holding
``docs/``, else the first with ``pyproject.toml``, ``setup.py`` or ``.git`` (at most three
levels up, so that a stray folder far above is never taken for the source). A module of its
own, apart from the reading of the source (:mod:`.exports`, which needs ``ast``): a build
with nothing to convert asks only whether the folder is still where it was and which files
it holds (:func:`source_files`), and compares their stamps.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

REPOSITORY_MARKERS = ("pyproject.toml", "setup.py", ".git")


def package_folder(docs_root: Path, package: str) -> Path | None:
    """The folder holding the package's ``__init__.py`` beside the docs, else None."""
    if not package.isidentifier():
        return None
    for repository in _repositories(docs_root.resolve()):
        for folder in _candidates(repository, package):
            if (folder / "__init__.py").is_file():
                return folder
    return None


def source_files(folder: Path) -> list[str]:
    """The Python files of the source in ``folder``, by path from it, sorted (but those in
    ``__pycache__`` and hidden folders): what its exports can be read from."""
    found: list[str] = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders
                         if not name.startswith(".") and name != "__pycache__"]
        prefix = os.path.relpath(parent, folder)
        found += [name if prefix == "." else f"{prefix}/{name}" for name in files
                  if name.endswith(".py")]
    return sorted(found)


def _candidates(repository: Path, package: str) -> tuple[Path, Path]:
    return repository / "src" / package, repository / package


def _repositories(docs_root: Path) -> Iterator[Path]:
    """The docs root and the folders above it, up to the repository (see the module's
    docstring)."""
    for depth, folder in enumerate((docs_root, *docs_root.parents)):
        yield folder
        if folder.name == "docs":
            yield folder.parent
            return
        if depth == 3 or any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
            return
