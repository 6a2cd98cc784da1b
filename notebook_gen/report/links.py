"""Where a report's links point: a page's line on GitHub, a notebook in Colab.

A failure's location is ``<docs_root>/<source>:<line>``, the docs root being the one the
build recorded relative to its repository, so it is also the page's path in the
repository: ``https://github.com/OWNER/NAME/blob/BRANCH/docs/source/en/page.md#L42``. A
notebook's name is relative to the folder the run was given, whose path in the repository
the report knows: ``https://colab.research.google.com/github/OWNER/NAME/blob/BRANCH/...``.
Without a repository there are no links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from notebook_gen.execute.results import SourceRepository

GITHUB = "https://github.com"
COLAB = "https://colab.research.google.com/github"
_AT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")


def split_location(location: str) -> tuple[str, int | None]:
    """``docs/source/en/page.md:42`` -> ``("docs/source/en/page.md", 42)``; a location
    without a line (an install cell's ``_config.py``) has None."""
    found = _AT_LINE.match(location)
    return (found["path"], int(found["line"])) if found else (location, None)


def source_url(repository: SourceRepository | None, location: str | None) -> str | None:
    """The page (at its line, when the location has one) on GitHub, or None."""
    if repository is None or not location:
        return None
    path, line = split_location(location)
    if path.startswith(("/", "../")) or "/../" in path:
        return None  # not a path inside the repository
    url = f"{GITHUB}/{_blob(repository)}/{quote(path)}"
    return url if line is None else f"{url}#L{line}"


def colab_url(repository: SourceRepository | None, name: str) -> str | None:
    """The notebook ``name`` (relative to the run's folder) in Colab, or None."""
    if repository is None or repository.notebooks_path is None:
        return None
    path = f"{repository.notebooks_path}/{name}" if repository.notebooks_path else name
    return f"{COLAB}/{_blob(repository)}/{quote(path)}"


def _blob(repository: SourceRepository) -> str:
    return f"{quote(repository.repository)}/blob/{quote(repository.branch)}"
