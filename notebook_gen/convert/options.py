"""How pages are converted (:class:`ConvertOptions`), in a module of its own: the build and
the command line hold these options without loading the converter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notebook_gen.convert.gpu import GpuOptions
from notebook_gen.links.urls import LinkContext
from notebook_gen.settings import DEFAULT_SOURCE

if TYPE_CHECKING:
    from notebook_gen.links.resolve import LinkResolver
    from notebook_gen.model import CellSpec

DEFAULT_SKIP_PATTERNS = (
    r"\b(?:notebook_login|login|upload_file|upload_folder|create_repo)\(",
    r"\.push_to_hub\(",
)
"""Code that needs an interactive login or writes to a hub: never run by the nightly check.
(One alternation, not six patterns: it is searched in every code cell of every build.)"""

SITE = "site"
PRESENT = "present"
LAYOUTS = (SITE, PRESENT)
"""The values of the ``variants`` option (see :mod:`.frameworks`)."""
LINK_WARNING = "link"
"""The kind of the warning for an API reference that could not be resolved."""
STRUCTURE = "structure"
"""The kind of the warning for page structure the converter recovered from."""
LOCAL_INSTALL = "local-install"
"""The kind of the warning for an install block kept as text: Colab cannot run it
(:mod:`notebook_gen.convert.dialect.installs`)."""


@dataclass(frozen=True)
class ConvertOptions:
    """How pages are converted; the defaults suit a documentation repository."""

    first_cells: tuple[CellSpec, ...] = ()
    """Cells prepended to every notebook (the language config's install cells)."""
    skip_patterns: tuple[str, ...] = DEFAULT_SKIP_PATTERNS
    """Regexes: code cells matching one are tagged ``skip-execution``."""
    docs_root: str = DEFAULT_SOURCE
    """The docs root relative to its repository (whatever path the build was given), so
    reports can point at pages; empty when it is in no repository: not recorded."""
    variants: str = SITE
    """Which framework notebooks a page gets: ``site`` (PyTorch and TensorFlow for every
    page, as the docs site's Colab menu links them, plus JAX with JAX blocks) or
    ``present`` (only frameworks with blocks on the page)."""
    links: LinkResolver | None = None
    """Resolves relative links and API references, or None to keep links as written."""
    link_context: LinkContext | None = None
    """Where links point (docs URL, package, version); its ``lang``/``page`` are set per
    page by :func:`for_page`."""
    gpu: GpuOptions = field(default_factory=GpuOptions)
    """Which code asks Colab for a GPU runtime, and which GPU."""
