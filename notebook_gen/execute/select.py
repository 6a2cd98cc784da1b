"""Which notebooks to run: find them, read what their metadata says, filter them.

Each notebook becomes a :class:`Job`, read once; later stages never go back to
the file, so a run sees a consistent snapshot even while a build rewrites it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from notebook_gen.convert import metadata
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.errors import NotebookGenError
from notebook_gen.execute.shard import Shard
from notebook_gen.execute.triage import PageRef
from notebook_gen.lint.imports import imports_of


@dataclass(frozen=True)
class Job:
    """One notebook to run, as read from disk."""

    name: str
    """Path relative to the directory it was found in (POSIX); the notebook's identity."""
    path: Path
    text: str
    sha256: str
    page: str | None
    """``<docs_root>/<source>`` of the page it was built from, if the metadata says."""
    docs_root: str | None
    lang: str | None
    """Language folder of the page (``en`` for ``en/quicktour.md``), if any."""
    frameworks: tuple[str, ...]
    imports: tuple[str, ...]
    """Top-level modules its code cells import, sorted."""

    @property
    def ref(self) -> PageRef:
        """Where its cells come from (for failure locations)."""
        return PageRef(self.page, self.docs_root)


@dataclass(frozen=True)
class Selection:
    """Which of the notebooks found to run (``--select``, ``--lang``, ``--shard``)."""

    select: tuple[str, ...] = ()
    """Globs on the notebook's name or file name; empty selects all."""
    langs: tuple[str, ...] = ()
    """Page languages (``en``); empty selects all."""
    shard: Shard | None = None

    def apply(self, jobs: Iterable[Job]) -> list[Job]:
        """The selected jobs, sharded last so shards partition the selection."""
        chosen = filter_jobs(jobs, select=self.select, langs=self.langs)
        return chosen if self.shard is None else self.shard.take(chosen)


def find_jobs(paths: str | Path | Sequence[str | Path]) -> list[Job]:
    """Every ``.ipynb`` under the given directories (or the given files), sorted by name."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    jobs = {job.name: job for job in _walk(Path(item) for item in items)}
    return [jobs[name] for name in sorted(jobs)]


def filter_jobs(
    jobs: Iterable[Job], *, select: Sequence[str] = (), langs: Sequence[str] = ()
) -> list[Job]:
    """Keep jobs whose name matches any ``select`` glob and whose language is in ``langs``.

    An empty ``select`` or ``langs`` keeps everything. Globs match the notebook's
    name (``en/pytorch/*.ipynb``) or its file name (``quicktour*``).
    """
    return [
        job
        for job in jobs
        if (not select or any(_matches(job.name, pattern) for pattern in select))
        and (not langs or job.lang in langs)
    ]


def missing_frameworks(job: Job, importable: dict[str, bool]) -> str | None:
    """Why ``job`` cannot run here, or None: each framework it holds must be importable.

    ``importable`` maps module names to whether the kernel's environment has them;
    a module it does not mention counts as importable (nothing known against it).
    """
    missing = []
    for name in job.frameworks:
        framework = BY_NAME.get(name)
        if framework is not None and not importable.get(framework.modules[0], True):
            missing.append(f"{framework.label} ({framework.modules[0]} is not importable)")
    return f"needs {', '.join(missing)}" if missing else None


def framework_modules(jobs: Iterable[Job]) -> set[str]:
    """The modules that decide whether the jobs' frameworks are available."""
    return {BY_NAME[name].modules[0] for job in jobs for name in job.frameworks if name in BY_NAME}


def _walk(items: Iterable[Path]) -> Iterable[Job]:
    for item in items:
        if item.is_file():
            yield _read_job(item, item.name)
        elif item.is_dir():
            for path in sorted(item.rglob("*.ipynb")):
                relative = path.relative_to(item)
                if ".ipynb_checkpoints" not in relative.parts:
                    yield _read_job(path, relative.as_posix())
        else:
            raise NotebookGenError(f"{item}: no such notebook or directory")


def _read_job(path: Path, name: str) -> Job:
    text = path.read_text(encoding="utf-8")
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookGenError(f"{path}: not a notebook ({error})") from error
    info: dict[str, Any] = notebook.get("metadata", {}).get(metadata.KEY, {})
    source = info.get(metadata.SOURCE)
    return Job(
        name=name,
        path=path,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        page=_page(info.get(metadata.DOCS_ROOT), source),
        docs_root=info.get(metadata.DOCS_ROOT),
        lang=_lang(source),
        frameworks=tuple(info.get(metadata.FRAMEWORKS, ())),
        imports=tuple(sorted(_imports(notebook.get("cells", [])))),
    )


def _page(docs_root: str | None, source: str | None) -> str | None:
    if not source:
        return None
    return str(PurePosixPath(docs_root) / source) if docs_root else source


def _lang(source: str | None) -> str | None:
    parts = PurePosixPath(source).parts if source else ()
    return parts[0] if len(parts) > 1 else None


def _imports(cells: list[dict[str, Any]]) -> set[str]:
    modules: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        # Optional imports too: their packages' versions belong in the cache fingerprint.
        modules.update(found.module for found in imports_of(text, optional=True))
    return modules


def _matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(
        PurePosixPath(name).name, pattern
    )
