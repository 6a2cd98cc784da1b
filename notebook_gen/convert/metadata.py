"""Names of the metadata notebook_gen writes into notebooks: the contract between
the converter and everything that reads its notebooks later (execution, reports).

Notebook level, ``nb.metadata["notebook_gen"]``::

    {"source": "en/quicktour.md",      # page path relative to the docs root
     "docs_root": "docs/source",       # the docs root in its repository (absent outside one)
     "variant": "pytorch",             # "mixed", or a framework name
     "frameworks": ["pytorch"],        # frameworks whose code the notebook holds
     "source_sha256": "..."}           # hash of the page text

No version: the manifest records which versions made the notebooks, so that an upgrade
which changes nothing rewrites no notebook.

Cell level, ``cell.metadata["notebook_gen"]``::

    {"line": 123,                      # 1-based page line the cell came from
     "doctest": ["ELLIPSIS"],          # doctest flags for comparing expected output
     "framework": "pytorch"}           # code cells from a framework's block only

Cells that do not come from the page (the language config's install cells, a page's
front-matter installs) carry ``{"origin": "en/_config.py"}`` instead of a line.

Outputs the page shows are stored as Jupyter stores them when the cell runs: what
``print`` wrote as a ``stdout`` stream, a value as an ``execute_result``, an embedded video
as ``display_data``.

Tags (``cell.metadata["tags"]``) follow Jupyter conventions.
"""

from __future__ import annotations

KEY = "notebook_gen"
LINE = "line"
ORIGIN = "origin"
DOCTEST_FLAGS = "doctest"
SOURCE = "source"
DOCS_ROOT = "docs_root"
VARIANT = "variant"
FRAMEWORKS = "frameworks"
FRAMEWORK = "framework"
SOURCE_SHA256 = "source_sha256"

TAG_RAISES = "raises-exception"
TAG_SKIP = "skip-execution"
TAG_INSTALL = "install"

MIXED = "mixed"
MIXED_LABEL = "Mixed"
"""How the index and the reports name the mixed notebook (every framework's samples)."""
