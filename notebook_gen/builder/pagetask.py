"""What a build learns of one page: its :class:`PageOutcome` (converted, unchanged,
unselected, failed), and the hash of everything its notebooks are made from
(:func:`page_inputs`). Shared by the full build (:mod:`notebook_gen.builder.full`,
:mod:`.pool`, where a worker sends back a small outcome: the notebooks are stored where they
were made) and the quick check (:mod:`notebook_gen.builder.quick`), which needs nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from notebook_gen.builder.snapshot import Stamp
from notebook_gen.errors import PageError, PageWarning


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


def page_inputs(fingerprint: str, stem: str, digest: str) -> str:
    """Hash of everything the page's notebooks are made from (but the versions of what
    makes them: the manifest's key, :meth:`~notebook_gen.builder.manifest.Manifest.made_by`)."""
    parts = (fingerprint, stem, digest)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


