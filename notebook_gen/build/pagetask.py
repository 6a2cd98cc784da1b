"""One page's share of a build: read, select, hash (in the parent, for every page), then
convert, lint and store (in a worker, for the pages that changed).

Everything a worker needs travels in a picklable :class:`PageTask`; what it sends back is a
small :class:`PageOutcome`: the notebooks themselves are stored where they were made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from notebook_gen.build.discover import Page
from notebook_gen.build.stamps import Stamp
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.errors import PageError, PageWarning
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


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one read of a page tells: enough to decide whether it needs converting."""

    digest: str = ""
    """sha256 of the page's bytes."""
    size: int = 0
    mtime_ns: int = 0
    """The page's size and mtime when it was read (for the next build's quick check)."""
    marked: bool = False
    """Carries ``[[open-in-colab]]`` in its prose (read as conversion reads it)."""
    error: PageError | None = None


def precheck(task: PageTask, read: PageRead) -> PageOutcome | None:
    """The outcome of a page that needs no conversion (unreadable, unselected, unchanged),
    or None. Cheap: the parent runs it on the read it already made, so a no-op rebuild
    reads every page once and starts no worker."""
    rel = task.page.rel
    if read.error is not None:
        return PageOutcome(rel, "failed", error=read.error)
    if not task.all_pages and not read.marked:
        return PageOutcome(rel, "unselected")
    inputs = page_inputs(task.fingerprint, task.page.stem, read.digest)
    return PageOutcome(rel, "unchanged", inputs) if inputs == task.known_inputs else None


def page_inputs(fingerprint: str, stem: str, digest: str) -> str:
    """Hash of everything the page's notebooks are made from."""
    parts = (__version__, fingerprint, stem, digest)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


