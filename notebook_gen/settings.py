"""``[tool.notebook-gen]`` in ``pyproject.toml``: where it is found and how it is read.

Which keys it may hold, and of what kind, is the option table's to say
(:mod:`notebook_gen.commands.options`, which checks them).
Paths in the file are relative to the folder that holds it, as ruff reads its own: a build
run from elsewhere finds the same folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from notebook_gen.errors import PageError

DEFAULT_LANGUAGE = "en"
"""The language of a docs root without language folders, and the fallback of links."""
DEFAULT_SOURCE = "docs/source"
MAX_PAGE_SIZE = 5_000_000
"""Bytes a page may hold unless ``max-page-size`` says otherwise: converting a page takes
about fifty times its size in memory, and the largest page of a large docs tree holds
about 0.1 MB."""
"""The docs root when none is given (``DOCS_SOURCE``, ``source``), as a docs repository
lays it out."""
SECTION = ("tool", "notebook-gen")


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start``: the docs source when one is
    named (the settings of the project that holds the docs, as ruff and black find their
    configuration), else the working folder."""
    return next((path for path in pyproject_candidates(start) if path.is_file()), None)


def pyproject_candidates(start: Path) -> list[Path]:
    """Where :func:`find_pyproject` looks, nearest first (while none of them changes, its
    answer does not either)."""
    folder = start.resolve()
    return [above / "pyproject.toml" for above in (folder, *folder.parents)]


def settings_note(pyproject: Path | None, start: Path) -> str:
    """The build's note on where its settings came from."""
    if pyproject is None:
        return f"settings: none (no pyproject.toml at or above {shown_path(start)})"
    return f"settings: {shown_path(pyproject)}"


def shown_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it, else absolute."""
    resolved, here = path.resolve(), Path.cwd().resolve()
    return resolved.relative_to(here).as_posix() if resolved.is_relative_to(here) \
        else resolved.as_posix()


def load_settings(pyproject: Path | None) -> dict[str, Any]:
    """The ``[tool.notebook-gen]`` table as written: its keys and values are not checked."""
    if pyproject is None:
        return {}
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise PageError(str(pyproject), None, f"cannot read settings: {error}") from None
    table: Any = data
    for key in SECTION:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise PageError(str(pyproject), None, "[tool.notebook-gen] must be a table")
    return table


def paths_from(folder: Path, settings: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """Relative paths of the settings (the values of ``keys``, and the sources of
    ``external``), made relative to the working folder instead of ``folder`` (unchanged
    when the two are the same folder, the usual case)."""
    if folder.resolve() == Path.cwd().resolve():
        return settings

    def moved(value: Any) -> Any:
        if not isinstance(value, str) or os.path.isabs(value):
            return value
        return os.path.relpath(folder / value)

    for key in keys:
        if key in settings:
            settings[key] = moved(settings[key])
    external = settings.get("external")
    if isinstance(external, dict):
        settings["external"] = {
            name: ({**item, "source": moved(item.get("source"))} if isinstance(item, dict)
                   else moved(item)) for name, item in external.items()}
    return settings
