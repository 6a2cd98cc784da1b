"""A language's ``_toctree.yml``: the order and titles of its pages, for the Colab index.

The file is a list of entries; an entry names a page (``local: tasks/asr``, ``title: ...``)
and/or holds nested ``sections`` under a ``title``. It is read as a stream of YAML events so
every entry keeps its line, which warnings about missing pages point at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.builder.inputs.discover import PAGE_SUFFIXES, TOCTREE, Language, Page, page_name
from notebook_gen.errors import PageError, PageWarning


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One page named by the toctree, in reading order."""

    local: str
    """Page path relative to the language folder, without suffix (``tasks/asr``)."""
    title: str | None
    section: str | None
    """Title of the top-level section the entry sits in, if any."""
    line: int | None


@dataclass(frozen=True)
class Toctree:
    """A language's toctree: entries in order, and the file it came from (``en/_toctree.yml``)."""

    entries: tuple[TocEntry, ...] = ()
    path: str | None = None


def parse_toctree(text: str, path: str) -> Toctree:
    """The entries of a toctree's text; raises :class:`PageError` for invalid YAML. (The
    YAML reader, :mod:`.toctree_yaml`, is loaded here: a build that reads no toctree,
    a no-op, never imports ``yaml``.)"""
    from notebook_gen.builder.inputs.toctree_yaml import read_entries

    return Toctree(tuple(read_entries(text, path)), path)


def _strip_suffix(local: str) -> str:
    for suffix in PAGE_SUFFIXES:
        if local.endswith(suffix):
            return local[: -len(suffix)]
    return local


def read_toctrees(root: Path, languages: Iterable[Language], pages: Mapping[str, list[Page]],
                  ) -> dict[str, tuple[Toctree, list[PageWarning], PageError | None]]:
    """Each language's toctree (``pages`` by language code, as discovery found them), its
    warnings, and the error that left it empty (None when it was read)."""
    found: dict[str, tuple[Toctree, list[PageWarning], PageError | None]] = {}
    for language in languages:
        names = {page_name(page) for page in pages[language.code]}
        try:
            found[language.code] = (*read_toctree(root, language, names), None)
        except PageError as error:
            found[language.code] = (Toctree(), [], error)
    return found


def read_toctree(root: Path, language: Language, pages: Set[str],
                 ) -> tuple[Toctree, list[PageWarning]]:
    """The language's toctree (empty when it has none) and warnings for entries without a
    page. ``pages`` are the language's page names (``tasks/asr``), as discovery found
    them. Raises :class:`PageError` when the file is not a valid toctree."""
    file = language.folder / TOCTREE
    if not file.is_file():
        return Toctree(), []
    relative = file.relative_to(root).as_posix()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PageError(relative, None, f"cannot read: {error}") from None
    toctree = parse_toctree(text, relative)
    warnings = [
        PageWarning(relative, entry.line, f"entry {entry.local!r} has no page "
                    f"({entry.local}.md or .mdx in {language.prefix or './'})", "toctree")
        for entry in toctree.entries
        if _strip_suffix(entry.local) not in pages
    ]
    return toctree, warnings
