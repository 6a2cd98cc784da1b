"""Results grouped by the page they were built from (what a maintainer fixes is a page), and
links to a page's line and to a notebook.

Every page gives several notebooks (Mixed, PyTorch, TensorFlow, ...): a report shows one
row per page with its notebooks, each with its own verdict, under it. A notebook's
variant is read from its name as the build writes it (``<lang>/<framework>/<page>.ipynb``
for a framework's notebook, ``<lang>/<page>.ipynb`` for the mixed one). A notebook whose
page is unknown (a file that is not a notebook, one another tool wrote) is a group of its
own, named after it.

Where a report's links point: a page's line on GitHub, a notebook in Colab. A failure's
location is ``<docs_root>/<source>:<line>``, the docs root being the one the build recorded
relative to its repository, so it is also the page's path in the repository:
``https://github.com/OWNER/NAME/blob/BRANCH/docs/source/en/page.md#L42``. A notebook's name
is relative to the folder the run was given, whose path in the repository the report knows:
``https://colab.research.google.com/github/OWNER/NAME/blob/BRANCH/...``. Without a
repository there are no links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from notebook_gen.convert.frameworks import BY_NAME, FRAMEWORKS
from notebook_gen.convert.metadata import MIXED_LABEL
from notebook_gen.execute.results import NotebookResult, SourceRepository, Status
from notebook_gen.links import urls

_ORDER = {MIXED_LABEL: 0, **{fw.label: index for index, fw in enumerate(FRAMEWORKS, start=1)}}
GITHUB = "https://github.com"
_AT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")


@dataclass(frozen=True)
class PageGroup:
    """One page and the results of its notebooks, Mixed first, then by framework."""

    page: str | None
    """``<docs_root>/<source>``, or None for a notebook whose page is unknown."""
    results: tuple[NotebookResult, ...]

    @property
    def title(self) -> str:
        """The page, else the notebook's name."""
        return self.page or self.results[0].name

    @property
    def verdict(self) -> Status:
        """Failed when any notebook failed, else passed when any ran or was cached, else
        skipped."""
        statuses = {result.status for result in self.results}
        if Status.FAILED in statuses:
            return Status.FAILED
        if statuses & {Status.PASSED, Status.CACHED}:
            return Status.PASSED
        return Status.SKIPPED

    @property
    def seconds(self) -> float:
        return sum(result.seconds for result in self.results)


def variant(name: str) -> str:
    """``Mixed``, or the label of the framework whose folder holds the notebook."""
    parts = PurePosixPath(name).parts
    framework = BY_NAME.get(parts[-2]) if len(parts) >= 2 else None
    return framework.label if framework is not None else MIXED_LABEL


def by_page(results: Iterable[NotebookResult]) -> list[PageGroup]:
    """The results grouped by page, in name order (a page's path, else a notebook's name)."""
    groups: dict[tuple[str | None, str], list[NotebookResult]] = {}
    for result in results:
        key = (result.page, result.page) if result.page else (None, result.name)
        groups.setdefault(key, []).append(result)
    return [
        PageGroup(page, tuple(sorted(found, key=_variant_order)))
        for (page, _title), found in sorted(groups.items(), key=lambda item: item[0][1])
    ]


def _variant_order(result: NotebookResult) -> tuple[int, str]:
    return _ORDER.get(variant(result.name), len(_ORDER)), result.name


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
    return urls.colab_url(repository.repository, repository.branch,
                          repository.notebooks_path, name)


def _blob(repository: SourceRepository) -> str:
    return f"{quote(repository.repository)}/blob/{quote(repository.branch)}"
