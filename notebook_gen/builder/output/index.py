"""The Colab index: ``<lang>/index.md`` per language and ``index.json``, listing every
notebook the manifest records, in toctree order, with "Open in Colab" links per variant.

Pages the toctree does not name come after the others, sorted by path. Where the links
point is :class:`IndexLinks`; without a repository they are relative paths to the notebooks.

:func:`update_index` brings the index up to date with the manifest: index files are written
like notebooks (atomically, only when changed; compared in check mode) and recorded in the
manifest. Only recorded index files are ever removed, and an existing file this tool did not
write is never overwritten.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from notebook_gen.builder.manifest import Manifest, PageRecord
from notebook_gen.builder.output.folder import (
    GENERATED_MARK,
    INDEX_JSON,
    INDEX_MD,
    FileStatus,
    OutputFolder,
)
from notebook_gen.builder.snapshot import Stamp, stamp_text
from notebook_gen.convert.frameworks import BY_NAME, FRAMEWORKS
from notebook_gen.convert.metadata import MIXED, MIXED_LABEL
from notebook_gen.convert.serialize import dumps_indented
from notebook_gen.errors import PageError
from notebook_gen.links.urls import branch_problem, colab_url

if TYPE_CHECKING:  # yaml, which the toctree module loads, is not for a build with a current index
    from notebook_gen.builder.inputs.toctree import Toctree

def repository_path(path: str) -> str:
    """A folder's path from the repository root, normalised (``./a//b/`` -> ``a/b``, ``.``
    -> ``""``). Raises ValueError for a path that is absolute or climbs out of the root
    (``../x``): a Colab link to it would leave the repository."""
    normal = posixpath.normpath(path.strip().replace("\\", "/") or ".")
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../"):
        raise ValueError(f"{path!r} leaves the repository: give the output folder's path "
                         "from the repository root (e.g. notebooks_out)")
    return "" if normal == "." else normal


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
        return colab_url(self.repository, self.branch, self.notebooks_path, output)


_VARIANT_ORDER = (MIXED, *(fw.name for fw in FRAMEWORKS))
GPU_MARK = "(GPU)"
"""Follows the link of a notebook that asks Colab for a GPU runtime."""
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


@dataclass(frozen=True, slots=True)
class Notebook:
    variant: str
    path: str
    """Relative to the output folder (``en/pytorch/quicktour.ipynb``)."""
    gpu: bool = False
    """Asks Colab for a GPU runtime."""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    page: str
    title: str
    section: str | None
    notebooks: tuple[Notebook, ...]
    listed: bool = True
    """Named by the toctree."""


def _variant(output: str) -> str:
    parts = output.split("/")
    # The registry's own string, not the slice: a large tree's index holds one per notebook.
    return BY_NAME[parts[-2]].name if len(parts) >= 3 and parts[-2] in BY_NAME else MIXED


def _notebooks(record: PageRecord) -> tuple[Notebook, ...]:
    gpu = set(record.gpu)
    found = [Notebook(_variant(output), output, output in gpu) for output in record.outputs]
    return tuple(sorted(found, key=lambda nb: (_VARIANT_ORDER.index(nb.variant), nb.path)))


def _language_of(record: PageRecord) -> str | None:
    return record.outputs[0].split("/", 1)[0] if record.outputs else None


def _without_suffix(path: str) -> str:
    """``str(PurePosixPath(path).with_suffix(""))``, without making a path object for the
    common case (a page path as discovery writes it: no ``.`` or empty part)."""
    if not path or path.startswith("/") or path.endswith("/") or any(
            part in ("", ".") for part in path.split("/")):
        return str(PurePosixPath(path).with_suffix(""))
    folder, slash, name = path.rpartition("/")
    dot = name.rfind(".")
    return folder + slash + name[:dot] if 0 < dot < len(name) - 1 else path


def language_entries(pages: Mapping[str, PageRecord], prefix: str, toctree: Toctree,
                     ) -> list[IndexEntry]:
    """One language's pages (``pages`` holds only that language's), in toctree order."""
    by_local = {_without_suffix(rel.removeprefix(prefix)): rel for rel in pages}
    entries: list[IndexEntry] = []
    placed: set[str] = set()
    for toc in toctree.entries:
        rel = by_local.get(toc.local.removesuffix(".md").removesuffix(".mdx"))
        if rel is None or rel in placed:
            continue
        placed.add(rel)
        record = pages[rel]
        title = toc.title or record.title or PurePosixPath(rel).stem
        entries.append(IndexEntry(rel, title, toc.section, _notebooks(record)))
    for rel in sorted(set(pages) - placed):
        record = pages[rel]
        title = record.title or PurePosixPath(rel).stem
        entries.append(IndexEntry(rel, title, None, _notebooks(record), listed=False))
    return entries


def _label(variant: str) -> str:
    """A link's name: ``Mixed`` (every framework's samples) or the framework's own."""
    return MIXED_LABEL if variant == MIXED else BY_NAME[variant].label


def _markdown_line(entry: IndexEntry, lang: str, links: IndexLinks) -> str:
    """``- **Title**: [Mixed](…) · [PyTorch](…) · [TensorFlow](…)``."""
    parts = []
    for notebook in entry.notebooks:
        target = links.colab_url(notebook.path) or quote(notebook.path.removeprefix(lang + "/"))
        parts.append(f"[{_label(notebook.variant)}]({target}){gpu_mark(notebook)}")
    return f"- **{entry.title.translate(_MD_SPECIAL)}**: " + " · ".join(parts)


def _intro(links: IndexLinks) -> str:
    where = "in Colab" if links.repository else "from this folder"
    return ("**Mixed** notebooks hold every framework's samples; the others hold one "
            f"framework's only. The links open the notebooks {where}.")


def gpu_mark(notebook: Notebook) -> str:
    """What follows a notebook's link when it asks for a GPU runtime."""
    return f" {GPU_MARK}" if notebook.gpu else ""


def language_markdown(lang: str, entries: list[IndexEntry], links: IndexLinks,
                      has_toctree: bool) -> str:
    lines = [f"<!-- {GENERATED_MARK} from the build manifest and _toctree.yml; "
             "edits are overwritten -->", "", f"# Notebooks ({lang})", "", _intro(links), ""]
    section: str | None = None
    for entry in entries:
        heading = entry.section
        if has_toctree and not entry.listed:
            heading = "Other pages"
        if heading is not None and heading != section:
            lines += ["", f"## {heading.translate(_MD_SPECIAL)}", ""]
            section = heading
        lines.append(_markdown_line(entry, lang, links))
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def group_by_language(pages: Mapping[str, PageRecord]) -> dict[str, dict[str, PageRecord]]:
    grouped: dict[str, dict[str, PageRecord]] = defaultdict(dict)
    for rel, record in pages.items():
        lang = _language_of(record)
        if lang is not None:
            grouped[lang][rel] = record
    return dict(grouped)


def _json_entry(entry: IndexEntry, links: IndexLinks) -> dict[str, Any]:
    return {"page": entry.page, "title": entry.title, "section": entry.section,
            "notebooks": [{"variant": nb.variant, "path": nb.path, "gpu": nb.gpu,
                           "colab": links.colab_url(nb.path)} for nb in entry.notebooks]}


def index_json(by_lang: Iterable[tuple[str, Iterable[IndexEntry]]], links: IndexLinks) -> str:
    """``index.json``: every language's entries."""
    data: dict[str, Any] = {
        "generator": GENERATED_MARK,
        "repository": links.repository,
        "branch": links.branch if links.repository else None,
        "languages": {lang: [_json_entry(e, links) for e in entries]
                      for lang, entries in by_lang},
    }
    return dumps_indented(data) + "\n"


def index_files(pages: Mapping[str, PageRecord], prefixes: Mapping[str, str],
                toctrees: Mapping[str, Toctree], links: IndexLinks) -> dict[str, str]:
    """Index file path (relative to the output folder) -> text; empty when no notebooks.

    ``prefixes`` maps a language code to its folder in the docs root (``en/``, or empty).
    """
    by_lang = {lang: language_entries(lang_pages, prefixes.get(lang, f"{lang}/"),
                                      toctrees[lang] if lang in toctrees else _no_toctree())
               for lang, lang_pages in sorted(group_by_language(pages).items())}
    files: dict[str, str] = {}
    for lang, entries in by_lang.items():
        has_toctree = lang in toctrees and bool(toctrees[lang].entries)
        files[f"{lang}/{INDEX_MD}"] = language_markdown(lang, entries, links, has_toctree)
    if by_lang:
        files[INDEX_JSON] = index_json(by_lang.items(), links)
    return files


def _no_toctree() -> Toctree:
    """An empty toctree (file order)."""
    from notebook_gen.builder.inputs.toctree import Toctree

    return Toctree()


def index_inputs(pages: Mapping[str, PageRecord], prefixes: Mapping[str, str],
                 toctree_digest: str, links: IndexLinks) -> str:
    """Hash of what the index is made from (the toctrees by their digest, so that a build
    that did not read them can tell too): equal to the manifest's, the index is current."""
    # The hash of "\0".join((repr(listed), ...)) with ``listed`` the list of every page's
    # (rel, outputs, title, gpu), made piece by piece: the repr of a large tree's list
    # would be megabytes held at once.
    digest = hashlib.sha256(b"[")
    for number, rel in enumerate(sorted(pages)):
        record = pages[rel]
        item = repr((rel, record.outputs, record.title, record.gpu))
        digest.update((", " + item if number else item).encode())
    # Without a repository the links are relative: where the folder lives does not matter.
    shown = links if links.repository else IndexLinks()
    rest = (repr(sorted(prefixes.items())), toctree_digest, repr(shown))
    digest.update(("]\0" + "\0".join(rest)).encode())
    return digest.hexdigest()


def _foreign(folder: OutputFolder, relative: str, recorded: set[str]) -> bool:
    head = folder.read_head(relative)
    return head is not None and relative not in recorded and GENERATED_MARK not in head


def update_index(folder: OutputFolder, manifest: Manifest, pages: Mapping[str, PageRecord],
                 prefixes: Mapping[str, str], toctrees: Mapping[str, Toctree],
                 links: IndexLinks) -> tuple[list[tuple[str, FileStatus]], list[PageError]]:
    """Write (or check) the index of ``pages``; returns ``(path, status)`` pairs and errors.

    ``manifest.index_files`` is updated to what the folder now holds, with stamps.
    """
    files = index_files(pages, prefixes, toctrees, links)
    written = set(files)
    recorded = set(manifest.index_files)
    statuses: list[tuple[str, FileStatus]] = []
    errors: list[PageError] = []
    kept: dict[str, Stamp] = {}
    for relative in sorted(files):
        text = files.pop(relative)  # let each file's text go once written (a large tree's)
        if _foreign(folder, relative, recorded):
            errors.append(PageError(relative, None, "exists and was not written by "
                                    "notebook-gen; not overwritten (move it away to get "
                                    "the index)"))
            continue
        status = folder.put(relative, text)
        if status is not None:
            statuses.append((relative, status))
            kept[relative] = stamp_text(text)
    for relative in sorted(recorded - written):
        status = folder.remove(relative)
        if status is not None:
            statuses.append((relative, status))
    manifest.set_index(kept)
    return statuses, errors
