"""Find the languages and pages of a docs tree, name each page's notebooks, and read a page.

``docs/source/<lang>/**/*.md|mdx``, or, for a tree whose sub-folders are not language
folders, a single language (``en``) at the root.

:func:`read_page` reads one page as the full build does: its bytes, checked text, hash, and
whether it carries ``[[open-in-colab]]`` (which parses it, so the quick check never calls
it, and the parser is loaded only when it is called).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notebook_gen.builder.snapshot import Snapshot, Stamp, stamp_read
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.inventory import ApiEntry, Inventory, scan_autodoc
from notebook_gen.regular_file import FileTooLargeError, NotRegularFileError, read_regular
from notebook_gen.settings import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from notebook_gen.links.inventory import TreePages


PAGE_SUFFIXES = (".md", ".mdx")
TOCTREE = "_toctree.yml"
CONFIG_NAME = "_config.py"
SYMLINK = "symlink"
"""The kind of warning for a page that links out of the repository (not read)."""
NAME_COLLISION = "name-collision"
"""The kind of warning for a marked page whose notebook is renamed (:func:`menu_link_warnings`)."""
_LANGUAGE_CODE = re.compile(r"^[a-z]{2}(?:[-_][a-zA-Z]{2,4})?$")


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    folder: Path
    prefix: str
    """The folder relative to the docs root (``en/``), empty for a single-language root."""


@dataclass(frozen=True, slots=True)
class Page:
    """One documentation page and where its notebooks go."""

    folder: Path
    """Its language folder: one object shared by the language's pages (a tree of thousands
    of pages should not hold thousands of paths)."""
    rel: str
    """Path relative to the docs root, with ``/`` (``en/tasks/asr.md``): names the page."""
    lang: str
    lang_rel: str
    """Path relative to the language folder (``tasks/asr.md``)."""
    stem: str
    """The notebooks' file name without ``.ipynb``; unique within the language."""

    @property
    def path(self) -> Path:
        return self.folder / self.lang_rel

    def notebook_path(self, variant_folder: str | None) -> str:
        """``<lang>/<stem>.ipynb``, or ``<lang>/<framework>/<stem>.ipynb``."""
        folder = f"{self.lang}/{variant_folder}" if variant_folder else self.lang
        return f"{folder}/{self.stem}.ipynb"


def is_language_folder(folder: Path) -> bool:
    """A language folder holds a ``_toctree.yml`` or is named by a short language code."""
    return (folder / TOCTREE).is_file() or bool(_LANGUAGE_CODE.match(folder.name))


def find_languages(root: Path, default: str = DEFAULT_LANGUAGE) -> list[Language]:
    """The languages of a docs root, sorted by code."""
    if (root / TOCTREE).is_file():
        return [Language(default, root, "")]
    folders = sorted(p for p in root.iterdir() if p.is_dir() and is_language_folder(p))
    if not folders:
        return [Language(default, root, "")]
    return [Language(folder.name, folder, folder.name + "/") for folder in folders]


def printable(name: str) -> str:
    """A file name as text that can be printed: bytes that are not UTF-8 as ``\\xe9``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, held as surrogates
        return False
    return True


def _page_files(language: Language, errors: list[PageError]) -> list[tuple[str, bool]]:
    """``(path relative to the language folder, is a symlink)`` of every page, sorted.

    Folders whose name starts with ``.`` or ``_`` are skipped; symlinked folders are not
    followed (a symlinked page file is, after a check of where it leads). A folder
    that cannot be listed and a page whose name is not UTF-8 are errors in ``errors``.
    """
    found: list[tuple[str, bool]] = []
    top = str(language.folder)

    def unreadable(error: OSError) -> None:
        where = os.path.relpath(error.filename or top, language.folder.parent)
        errors.append(PageError(printable(where.replace(os.sep, "/")), None,
                                f"cannot list this folder: {error.strerror or error}"))

    for folder, subfolders, _files in os.walk(top, onerror=unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith((".", "_"))]
        relative = os.path.relpath(folder, top)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        try:
            with os.scandir(folder) as entries:
                names = [(entry.name, entry.is_symlink()) for entry in entries
                         if entry.name.endswith(PAGE_SUFFIXES) and (
                             entry.is_symlink() or entry.is_file(follow_symlinks=False))]
        except OSError as error:
            unreadable(error)
            continue
        for name, is_link in names:
            if _is_utf8(prefix + name):
                found.append((prefix + name, is_link))
            else:
                errors.append(PageError(printable(language.prefix + prefix + name), None,
                                        "file name is not valid UTF-8; not converted "
                                        "(rename the file)"))
    return sorted(found)


def repository_root(folder: Path) -> Path | None:
    """The top of the git repository holding ``folder`` (resolved), None outside one."""
    resolved = folder.resolve()
    for parent in (resolved, *resolved.parents):
        if (parent / ".git").exists():
            return parent
    return None


def _link_problem(page: Page, allowed: Path, repository: bool) -> PageError | PageWarning | None:
    """Why a symlinked page must not be read, if it must not: a link loop is an error; a
    link that leaves ``allowed`` (the repository, else the docs root) is refused with a
    warning. A link inside it is followed, as the docs site renders it (a ``README.md``
    shown as a docs page)."""
    try:
        target = page.path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        return PageError(page.rel, None, "is a symbolic link loop; not read")
    if not target.is_relative_to(allowed):
        where = "the repository" if repository else "the docs root"
        return PageWarning(page.rel, None, f"is a link to a file outside {where}; not read",
                           kind=SYMLINK)
    return None


def disambiguated_stems(lang_rels: Iterable[str]) -> dict[str, str]:
    """Notebook names for a language's pages: the file name, unless several pages share it.

    Then the page at the shallowest depth keeps the plain name when it is the only one
    there (``trainer.md``), and the others are named by their folders joined with ``-``
    (``main_classes/trainer.md`` -> ``main_classes-trainer``). The names do not depend on
    which pages are selected, so a page's notebook never moves when ``--all`` is used.
    """
    by_stem: dict[str, list[str]] = defaultdict(list)
    for rel in lang_rels:
        by_stem[posixpath.splitext(posixpath.basename(rel))[0]].append(rel)  # Path(rel).stem
    names: dict[str, str] = {}
    for stem, rels in by_stem.items():
        if len(rels) == 1:
            names[rels[0]] = stem
            continue
        depths = [rel.count("/") for rel in rels]
        keeper = rels[depths.index(min(depths))] if depths.count(min(depths)) == 1 else None
        for rel in rels:
            names[rel] = stem if rel == keeper else str(Path(rel).with_suffix("")).replace("/", "-")
    taken = Counter(names.values())
    for rel, name in names.items():
        if taken[name] > 1:  # the rule above met a page really named ``folder-page``
            names[rel] = str(Path(rel).with_suffix("")).replace("/", "--")
    return names


def menu_link_warnings(pages: Iterable[Page], marked: Container[str], page_glob: str | None
                       ) -> list[PageWarning]:
    """A marked page whose notebook is not named after its file (two pages of its language
    share the name): the docs site's "Open in Colab" menu on that page opens
    ``<lang>/<file stem>.ipynb``, another page's notebook or none. ``pages``: every page of
    the languages built (the names are theirs); a warning for each marked one in
    ``page_glob``."""
    pages = list(pages)
    named = {(page.lang, page.stem): page for page in pages}
    warnings = []
    for page in pages:
        file_name = posixpath.basename(page.lang_rel)
        stem = posixpath.splitext(file_name)[0]
        if page.stem == stem or page.rel not in marked or not matches_glob(page, page_glob):
            continue
        other = named.get((page.lang, stem))
        opens = f"the notebook of {other.rel}" if other else "which no page writes"
        warnings.append(PageWarning(
            page.rel, None, f"another page of {page.lang} is named {file_name}: the docs "
            f"site's \"Open in Colab\" menu on this page opens {page.lang}/{stem}.ipynb, "
            f"{opens}, not this page's {page.notebook_path(None)}; give the pages different "
            "file names", kind=NAME_COLLISION))
    return warnings


def matches_glob(page: Page, page_glob: str | None) -> bool:
    """``--page``: a glob on the page's path in its language folder or in the docs root."""
    return not page_glob or fnmatch.fnmatch(page.lang_rel, page_glob) or fnmatch.fnmatch(
        page.rel, page_glob)


def page_name(page: Page) -> str:
    """The page's path in its language folder without suffix (``tasks/asr``), as links and
    toctrees name it."""
    return page.lang_rel.rsplit(".", 1)[0]


def find_pages(root: Path, languages: Iterable[Language], page_glob: str | None = None,
               warnings: list[PageWarning] | None = None,
               ) -> tuple[list[Page], list[PageError]]:
    """Every page of the given languages (optionally filtered by a glob on ``lang_rel`` or
    ``rel``), plus errors for pages that must not be read (links looping, names that are
    not UTF-8, folders that cannot be listed). A page that links out of the repository (of
    the docs root outside a repository) is not listed either: a warning in ``warnings``."""
    pages: list[Page] = []
    errors: list[PageError] = []
    repository = repository_root(root)
    allowed = repository or root.resolve()
    for language in languages:
        files = _page_files(language, errors)
        stems = disambiguated_stems(lang_rel for lang_rel, _ in files)
        for lang_rel, is_link in files:
            page = Page(language.folder, language.prefix + lang_rel, language.code, lang_rel,
                        stems[lang_rel])
            if not matches_glob(page, page_glob):
                continue
            problem = _link_problem(page, allowed, repository is not None) if is_link else None
            if isinstance(problem, PageError):
                errors.append(problem)
            elif problem is not None and warnings is not None:
                warnings.append(problem)
            if problem is not None:
                continue
            pages.append(page)
    return pages, errors


def docs_root_label(root: Path) -> str:
    """The docs root as notebooks record it: relative to the root of the repository that
    holds it (``docs/source``), whatever path the build was given (relative, absolute,
    through a symlink, from any working folder), so that two machines building the same
    commit write the same bytes. Empty (not recorded) outside a repository."""
    repository = repository_root(root)
    return "" if repository is None else root.resolve().relative_to(repository).as_posix()


def tree_pages(root: Path) -> TreePages:
    """Every page of every language of ``root``, as the link inventory and check read them."""
    from notebook_gen.links.inventory import TreePages  # not needed by a build

    languages = find_languages(root)
    pages, _ = find_pages(root, languages)  # pages linking out of the tree are not listed
    return TreePages(root, {language.code: language.folder for language in languages},
                     tuple((page.lang, page_name(page), page.path) for page in pages))


def is_docs_root(folder: Path) -> bool:
    """A docs root holds a ``_toctree.yml`` (one language) or language folders.

    A lone sub-folder with a ``_toctree.yml`` but no language code for a name, beside no
    folder named by one, is not a language: it is a docs root of its own, one level down
    (``docs/source`` holding one language's pages, given as ``docs``)."""
    if (folder / TOCTREE).is_file():
        return True
    languages = [path.name for path in folder.iterdir()
                 if path.is_dir() and is_language_folder(path)]
    return len(languages) > 1 or any(_LANGUAGE_CODE.match(name) for name in languages)


def docs_roots_below(folder: Path, depth: int = 4, limit: int = 3) -> list[Path]:
    """Docs roots inside ``folder`` (``docs/source`` when given a repository's top), found
    by their ``_toctree.yml`` files within ``depth`` levels, shallowest first: what to
    suggest when ``folder`` is not a docs root itself. Hidden and ``_`` folders are skipped."""
    roots: set[Path] = set()
    top = len(folder.parts)
    for current, subfolders, files in os.walk(folder):
        here = Path(current)
        subfolders[:] = sorted(name for name in subfolders
                               if not name.startswith((".", "_")) and name != "node_modules"
                               and len(here.parts) - top < depth)
        if TOCTREE in files:
            roots.add(here.parent if _LANGUAGE_CODE.match(here.name) else here)
    return sorted(roots, key=lambda root: (len(root.parts), str(root)))[:limit]


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one read of a page tells: enough to decide whether it needs converting."""

    stamp: Stamp | None = None
    """The page as it was read (for the next build's quick check); None when unreadable."""
    marked: bool = False
    """Carries ``[[open-in-colab]]`` in its prose (read as conversion reads it)."""
    error: PageError | None = None

    @property
    def digest(self) -> str:
        """The hash of the page's bytes (see :mod:`notebook_gen.builder.snapshot`)."""
        return "" if self.stamp is None else self.stamp.digest


def decode_page(data: bytes, rel: str) -> str:
    """UTF-8 text of a page, or an error naming the line and byte offset that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PageError(rel, line, f"not valid UTF-8 (byte offset {error.start}: "
                        f"{data[error.start:error.start + 1]!r}); is it a binary file?") from None


def read_page(page: Page, limit: int | None) -> tuple[PageRead, str]:
    """Read and check one page: its :class:`PageRead` and its text ("" when unreadable).
    A page is read only when it is a regular file of at most ``limit`` bytes (None: any
    size): a FIFO would block the build, a huge page would take its memory."""
    try:
        # no Path: hot; the stat is taken before the read (see .stamps)
        info, data = read_regular(os.path.join(page.folder, page.lang_rel), limit)
        text = decode_page(data, page.rel)
        if b"\0" in data:
            raise PageError(page.rel, None, "holds NUL bytes: a binary file, not a page")
    except PageError as error:
        return PageRead(error=error), ""
    except NotRegularFileError as error:
        return PageRead(error=PageError(page.rel, None, str(error))), ""
    except FileTooLargeError as error:
        return PageRead(error=too_large(page.rel, error)), ""
    except OSError as error:
        return PageRead(error=PageError(page.rel, None, f"cannot read: {error}")), ""
    from notebook_gen.convert.parse import selects_page  # the parser: not for a no-op

    return PageRead(stamp_read(info, data), marked=selects_page(text)), text


def too_large(rel: str, error: FileTooLargeError) -> PageError:
    """The error of a page over the size limit, saying how to raise it."""
    return PageError(rel, None, f"{error.size:,} bytes, over the limit of {error.limit:,} bytes "
                     "for a page; not read (--max-page-size or max-page-size in "
                     "[tool.notebook-gen] raises it)")


@dataclass
class TreeReads:
    """One read of every page of the tree: what each page needs, and the link inventory
    its ``[[autodoc]]`` directives make (so that no page is read twice)."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    """Pages by language code."""
    reads: dict[str, PageRead] = field(default_factory=dict)
    inventory: Inventory = field(default_factory=Inventory)


def read_tree(found_pages: dict[str, list[Page]], snapshot: Snapshot, limit: int) -> TreeReads:
    """Read every page (of at most ``limit`` bytes) once; what was read goes into
    ``snapshot.sources``."""
    found = TreeReads(found_pages)
    entries: list[ApiEntry] = []
    for pages in found_pages.values():
        for page in pages:
            read, text = read_page(page, limit)
            found.reads[page.rel] = read
            if read.stamp is not None:
                snapshot.sources[page.rel] = read.stamp
                if read.marked:
                    snapshot.marked.add(page.rel)
            entries.extend(scan_autodoc(text, page.lang, page_name(page)))
    names = frozenset((page.lang, page_name(page)) for pages in found.pages.values()
                      for page in pages)
    found.inventory = Inventory(tuple(entries), names)
    return found
