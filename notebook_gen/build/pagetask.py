"""One page's share of a build: read, select, hash (in the parent, for every page), then
convert, lint and store (in a worker, for the pages that changed).

Everything a worker needs travels in a picklable :class:`PageTask`; what it sends back is a
small :class:`PageOutcome`: the notebooks themselves are stored where they were made.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace

from notebook_gen.build.discover import Page
from notebook_gen.build.outfiles import OutputFolder
from notebook_gen.build.stamps import Stamp, stamp_text
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.convert.gpu import asks_for_gpu
from notebook_gen.convert.metadata import MIXED
from notebook_gen.convert.notebook import dumps
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.convert.page import convert_page, for_page
from notebook_gen.convert.selection import selects_page
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.lint.checks import lint_notebooks
from notebook_gen.lint.options import LintOptions
from notebook_gen.version import __version__


@dataclass(frozen=True, slots=True)
class PageTask:
    page: Page
    options: ConvertOptions
    fingerprint: str
    """Hash of the language config and the build options that shape notebooks."""
    all_pages: bool
    known_inputs: str | None
    """The input hash the manifest has for this page; equal means nothing to do."""
    lint: LintOptions = field(default_factory=LintOptions)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    rel: str
    status: str
    """``converted``, ``unchanged`` (inputs as before), ``unselected`` or ``failed``."""
    inputs: str = ""
    notebooks: dict[str, str] = field(default_factory=dict)
    """Output path (relative to the output folder) -> notebook text, until stored."""
    title: str | None = None
    warnings: tuple[PageWarning, ...] = ()
    error: PageError | None = None
    stored: dict[str, str] = field(default_factory=dict)
    """Output path -> what storing it did (``written``, ``unchanged``, ``stale``)."""
    refused: tuple[PageError, ...] = ()
    """Output paths not written: they would have left the output folder, or the file
    system refused them (the page is then not recorded as done)."""
    gpu: tuple[str, ...] = ()
    """Output paths of the notebooks that ask Colab for a GPU (the index marks them)."""
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Output path -> the stamp of what was stored there, for the manifest."""


def store(outcome: PageOutcome, folder: OutputFolder) -> PageOutcome:
    """Put a converted page's notebooks into the output folder (in the process that made
    them: the text never travels back to the parent) and keep only what happened."""
    if not outcome.notebooks:
        return outcome
    before = len(folder.refused)
    stored: dict[str, str] = {}
    stamps: dict[str, Stamp] = {}
    for relative, text in outcome.notebooks.items():
        status = folder.put(relative, text)
        if status is not None:
            stored[relative], stamps[relative] = status, stamp_text(text)
    refused = tuple(folder.refused[before:])
    del folder.refused[before:]  # they travel with the outcome, reported once
    return replace(outcome, notebooks={}, stored=stored, refused=refused, stamps=stamps)


def decode_page(data: bytes, rel: str) -> str:
    """UTF-8 text of a page, or an error naming the line and byte offset that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PageError(rel, line, f"not valid UTF-8 (byte offset {error.start}: "
                        f"{data[error.start:error.start + 1]!r}); is it a binary file?") from None


def _notebook_paths(task: PageTask, notebooks: dict[str, dict[str, object]]) -> dict[str, str]:
    return {
        task.page.notebook_path(None if variant == MIXED else BY_NAME[variant].name):
        dumps(notebook) for variant, notebook in notebooks.items()
    }


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one read of a page tells: enough to decide whether it needs converting."""

    digest: str = ""
    """sha256 of the page's bytes."""
    marked: bool = False
    """Carries ``[[open-in-colab]]`` in its prose (read as conversion reads it)."""
    error: PageError | None = None


def read_page(page: Page) -> tuple[PageRead, str]:
    """Read and check one page: its :class:`PageRead` and its text ("" when unreadable)."""
    try:
        with open(os.path.join(page.folder, page.lang_rel), "rb") as handle:  # no Path: hot
            data = handle.read()
        text = decode_page(data, page.rel)
        if b"\0" in data:
            raise PageError(page.rel, None, "holds NUL bytes: a binary file, not a page")
    except PageError as error:
        return PageRead(error=error), ""
    except OSError as error:
        return PageRead(error=PageError(page.rel, None, f"cannot read: {error}")), ""
    return PageRead(hashlib.sha256(data).hexdigest(), selects_page(text)), text


def precheck(task: PageTask, read: PageRead) -> PageOutcome | None:
    """The outcome of a page that needs no conversion (unreadable, unselected, unchanged),
    or None. Cheap: the parent runs it on the read it already made, so a no-op rebuild
    reads every page once and starts no worker."""
    rel = task.page.rel
    if read.error is not None:
        return PageOutcome(rel, "failed", error=read.error)
    if not task.all_pages and not read.marked:
        return PageOutcome(rel, "unselected")
    inputs = _inputs(task, read.digest)
    return PageOutcome(rel, "unchanged", inputs) if inputs == task.known_inputs else None


def _inputs(task: PageTask, digest: str) -> str:
    """Hash of everything the page's notebooks are made from."""
    parts = (__version__, task.fingerprint, task.page.stem, digest)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read_and_hash(task: PageTask) -> tuple[PageOutcome, str]:
    read, text = read_page(task.page)
    outcome = precheck(task, read)
    if outcome is not None:
        return outcome, ""
    return PageOutcome(task.page.rel, "converted", _inputs(task, read.digest)), text


def run_page_task(task: PageTask) -> PageOutcome:
    """Convert one page unless it is unselected or unchanged; never raises PageError."""
    outcome, text = _read_and_hash(task)
    if outcome.status != "converted":
        return outcome
    rel, inputs = outcome.rel, outcome.inputs
    try:
        options = for_page(task.options, task.page.lang, task.page.lang_rel)
        result = convert_page(text, rel, options)
    except PageError as error:
        return PageOutcome(rel, "failed", inputs, error=error)
    warnings = (*result.warnings, *lint_notebooks(rel, result.notebooks, task.lint))
    paths = _notebook_paths(task, result.notebooks)
    gpu = tuple(path for path, variant in zip(paths, result.notebooks, strict=True)
                if asks_for_gpu(result.notebooks[variant]))
    return PageOutcome(rel, "converted", inputs, paths, result.title, warnings, gpu=gpu)
