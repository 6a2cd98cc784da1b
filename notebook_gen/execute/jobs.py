"""Find the notebooks, read each once into a :class:`Job`, and choose which to run
(:class:`Selection`) and which cannot run here (:func:`why_not_here`).

Later stages never go back to the file, so a run sees a consistent snapshot even
while a build rewrites it. A file that cannot be read as a notebook (truncated,
``[]``, a folder named ``x.ipynb``, a symlink loop) is still a job, one that
carries its ``problem``: it is reported failed with that reason, and the other
notebooks run.

Each notebook is named by its path relative to the common root of the
arguments, so ``a/quicktour.ipynb`` and ``b/quicktour.ipynb`` stay two
notebooks with two names (one directory argument: relative to it, as before).

A notebook written for a GPU fails on a CPU runner in ways that say nothing about
the page (``AssertionError: Torch not compiled with CUDA enabled``, or an hour of
CPU training before a timeout), so a job says whether it needs one
(:func:`needs_gpu`), and it is skipped on a machine without one
(:func:`~notebook_gen.execute.environment.gpu_available`) with the reason "needs a
GPU", as a notebook whose framework is missing is. What a notebook needs comes from
its code, by the rule that gave it its Colab runtime
(:func:`notebook_gen.convert.gpu.cuda_use`): a sign of CUDA on a line without a CPU
fallback. A notebook notebook_gen did not write is taken at its word when its metadata says
(``"accelerator"``, Colab's key, at the notebook level or under ``colab``). Ours ask Colab for
a GPU also when the code merely prefers one, so their metadata is not the test.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from notebook_gen.convert import metadata
from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.convert.gpu import cuda_use
from notebook_gen.errors import NotebookGenError
from notebook_gen.execute.shard import Shard
from notebook_gen.execute.triage import PageRef
from notebook_gen.lint.imports import imports_of


@dataclass(frozen=True)
class CodeCell:
    """One code cell of a job, with what decides whether and how it runs."""

    index: int
    """0-based index among all the notebook's cells."""
    source: str
    tags: frozenset[str]
    place: str
    """Where it comes from (its page line or origin, as JSON): equal places give equal
    failure locations."""
    expected: str
    """A hash of its outputs (what the page shows) and doctest flags: what
    ``--check-outputs`` compares with."""

    def runs(self, no_install: bool) -> bool:
        """Whether the cell runs (see :func:`cell_runs`)."""
        return cell_runs(self.source, self.tags, no_install)


def cell_runs(source: str, tags: Iterable[str], no_install: bool) -> bool:
    """Whether a code cell runs: it has code, is not tagged ``skip-execution``, and is
    not an ``install`` cell under ``--no-install``."""
    tags = set(tags)
    if not source.strip() or metadata.TAG_SKIP in tags:
        return False
    return not (no_install and metadata.TAG_INSTALL in tags)


@dataclass(frozen=True)
class Job:
    """One notebook to run, as read from disk."""

    name: str
    """Path relative to the common root of the arguments (POSIX); the notebook's identity."""
    path: Path
    text: str = ""
    page: str | None = None
    """``<docs_root>/<source>`` of the page it was built from, if the metadata says."""
    docs_root: str | None = None
    lang: str | None = None
    """Language folder of the page (``en`` for ``en/quicktour.md``), if any."""
    frameworks: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    """Top-level modules its code cells import, sorted."""
    needs_gpu: bool = False
    """Its metadata or its code says it runs on CUDA (:func:`needs_gpu`)."""
    problem: str | None = None
    """Why the file is not a readable notebook; None for a good one."""
    cells: tuple[CodeCell, ...] = ()
    """Its code cells, in order."""

    @property
    def ref(self) -> PageRef:
        """Where its cells come from (for failure locations)."""
        return PageRef(self.page, self.docs_root)


def find_jobs(paths: str | Path | Sequence[str | Path]) -> list[Job]:
    """Every ``.ipynb`` under the given directories (or the given files), sorted by name.

    Raises NotebookGenError for an argument that does not exist at all (a typo);
    a link that leads nowhere is a bad notebook, reported with the others.
    """
    items = [Path(paths)] if isinstance(paths, str | Path) else [Path(item) for item in paths]
    for item in items:
        if not os.path.lexists(item):
            raise NotebookGenError(f"{item}: no such notebook or directory")
    root = common_root(items)
    jobs: dict[str, Job] = {}
    for path in _walk(items):
        name = Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
        if name not in jobs:  # the same file reached twice (a folder and a file in it)
            jobs[name] = read_job(path, name)
    return [jobs[name] for name in sorted(jobs)]


def common_root(items: Sequence[Path]) -> str:
    """The deepest folder holding every argument (a folder argument holds itself)."""
    folders = [os.path.abspath(item if item.is_dir() else item.parent) for item in items]
    return os.path.commonpath(folders) if folders else os.getcwd()


def _walk(items: Iterable[Path]) -> Iterable[Path]:
    for item in items:
        if item.is_dir() and item.suffix != ".ipynb":
            for path in sorted(item.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in path.relative_to(item).parts:
                    yield path
        else:
            yield item


def read_job(path: Path, name: str) -> Job:
    """The job of one file: its notebook's facts, or the reason it has none."""
    try:
        text, notebook = _parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return Job(name=name, path=path, problem=_reason(error))
    info = notebook.get("metadata", {}).get(metadata.KEY, {})
    info = info if isinstance(info, dict) else {}
    source, docs_root = _text(info.get(metadata.SOURCE)), _text(info.get(metadata.DOCS_ROOT))
    frameworks = info.get(metadata.FRAMEWORKS, ())
    code = _code(notebook["cells"])
    return Job(
        name=name,
        path=path,
        text=text,
        page=_page(docs_root, source),
        docs_root=docs_root,
        lang=_lang(source),
        frameworks=tuple(map(str, frameworks)) if isinstance(frameworks, list) else (),
        imports=tuple(sorted(_imports(code))),
        needs_gpu=needs_gpu(notebook, code),
        cells=tuple(_code_cells(notebook["cells"])),
    )


def needs_gpu(notebook: dict[str, Any], code: Iterable[str]) -> bool:
    """Whether a notebook (its metadata, and the ``code`` of the cells that run) needs CUDA."""
    meta = notebook.get("metadata")
    if isinstance(meta, dict) and metadata.KEY not in meta:
        colab = meta.get("colab")
        for holder in (meta, colab if isinstance(colab, dict) else {}):
            if "accelerator" in holder:
                return str(holder["accelerator"]).upper() == "GPU"
    return cuda_use(code) == "needs"



def _parse(text: str) -> tuple[str, dict[str, Any]]:
    """The notebook's text and JSON, with the shape a runner relies on (an nbformat 1-3
    notebook upgraded to 4); ValueError otherwise."""
    notebook = json.loads(text)
    if not isinstance(notebook, dict):
        raise ValueError(f"a notebook is a JSON object, not {type(notebook).__name__}")
    version = notebook.get("nbformat")
    if isinstance(version, int) and 1 <= version < 4:
        text, notebook = _upgraded(notebook)
    cells = notebook.get("cells")
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise ValueError("no list of cells")
    if not isinstance(notebook.get("metadata", {}), dict):
        raise ValueError("its metadata is not an object")
    if not isinstance(notebook.get("nbformat"), int) or notebook["nbformat"] < 4:
        raise ValueError(f"nbformat {notebook.get('nbformat')!r}, expected 4")
    return text, notebook


def _upgraded(notebook: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An nbformat 1-3 notebook as version 4, upgraded by nbformat as Jupyter opens one."""
    import nbformat  # only old notebooks need it here

    convert: Callable[..., Any] = nbformat.convert  # untyped, as is from_dict
    from_dict: Callable[..., Any] = nbformat.from_dict
    try:
        node = convert(from_dict(notebook), 4)
    except Exception as error:  # nbformat raises many types for a malformed file
        raise ValueError(f"nbformat {notebook['nbformat']}: cannot upgrade it to 4 "
                         f"({error})") from None
    return json.dumps(node, ensure_ascii=False), node


def _reason(error: BaseException) -> str:
    """A short, stable reason (no errno prefix, no Python type names for common cases)."""
    if isinstance(error, IsADirectoryError):
        return "not a notebook: it is a directory"
    if isinstance(error, OSError):
        return f"cannot read it: {error.strerror or error}"
    if isinstance(error, UnicodeDecodeError):
        return f"not a notebook: not UTF-8 text (byte {error.start})"
    if isinstance(error, json.JSONDecodeError):
        where = f"line {error.lineno}, column {error.colno}"
        return f"not a notebook: invalid JSON at {where} ({error.msg})"
    if isinstance(error, RecursionError):
        return "not a notebook: JSON nested too deeply"
    return f"not a notebook: {error}"


def _code(cells: list[dict[str, Any]]) -> list[str]:
    """The source of every code cell that runs (``skip-execution`` cells do not)."""
    found = []
    for cell in cells:
        cell_meta = cell.get("metadata")
        tags = cell_meta.get("tags", []) if isinstance(cell_meta, dict) else []
        if cell.get("cell_type") != "code" or metadata.TAG_SKIP in tags:
            continue
        source = cell.get("source", "")
        found.append("".join(source) if isinstance(source, list) else str(source))
    return found


def _code_cells(cells: list[dict[str, Any]]) -> Iterable[CodeCell]:
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        cell_meta = cell.get("metadata")
        cell_meta = cell_meta if isinstance(cell_meta, dict) else {}
        tags = cell_meta.get("tags", [])
        info = cell_meta.get(metadata.KEY)
        info = info if isinstance(info, dict) else {}
        source = cell.get("source", "")
        place = [info.get(metadata.LINE), info.get(metadata.ORIGIN)]
        expected = [cell.get("outputs", []), info.get(metadata.DOCTEST_FLAGS)]
        yield CodeCell(
            index=index,
            source="".join(source) if isinstance(source, list) else str(source),
            tags=frozenset(str(tag) for tag in tags) if isinstance(tags, list) else frozenset(),
            place=json.dumps(place, sort_keys=True, default=str),
            expected=hashlib.sha256(
                json.dumps(expected, sort_keys=True, default=str).encode()
            ).hexdigest(),
        )


def _imports(code: list[str]) -> set[str]:
    # Optional imports too: their packages' versions belong in the cache fingerprint.
    return {found.module for text in code for found in imports_of(text, optional=True)}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _page(docs_root: str | None, source: str | None) -> str | None:
    if not source:
        return None
    return str(PurePosixPath(docs_root) / source) if docs_root else source


def _lang(source: str | None) -> str | None:
    parts = PurePosixPath(source).parts if source else ()
    return parts[0] if len(parts) > 1 else None


@dataclass(frozen=True)
class Selection:
    """Which of the notebooks found to run (``--select``, ``--lang``, ``--shard``)."""

    select: tuple[str, ...] = ()
    """Globs on the notebook's name or file name; empty selects all."""
    langs: tuple[str, ...] = ()
    """Page languages (``en``); empty selects all."""
    shard: Shard | None = None
    durations: dict[str, float] = field(default_factory=dict)
    """Notebook name to seconds it took before (``--durations``): shards balance time."""

    def apply(
        self, jobs: Iterable[Job], together: Callable[[Job], Hashable | None] | None = None
    ) -> list[Job]:
        """The selected jobs, sharded last so shards partition the selection; jobs with
        the same ``together`` key (not None) land in the same shard."""
        chosen = filter_jobs(jobs, select=self.select, langs=self.langs)
        if self.shard is None:
            return chosen
        return self.shard.take(chosen, together=together, seconds=self.durations)


def filter_jobs(
    jobs: Iterable[Job], *, select: Sequence[str] = (), langs: Sequence[str] = ()
) -> list[Job]:
    """Keep jobs whose name matches any ``select`` glob and whose language is in ``langs``.

    An empty ``select`` or ``langs`` keeps everything. Globs match the notebook's
    name (``en/pytorch/*.ipynb``) or its file name (``quicktour*``). A file that is not
    a readable notebook has no known language: ``langs`` keeps it, so that it is
    reported rather than silently left out.
    """
    return [
        job
        for job in jobs
        if (not select or any(_matches(job.name, pattern) for pattern in select))
        and (not langs or job.lang in langs or job.problem is not None)
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


def why_not_here(job: Job, importable: dict[str, bool], has_gpu: bool) -> str | None:
    """Why ``job`` is skipped on this machine (a framework, or the GPU it needs), or None."""
    reason = missing_frameworks(job, importable)
    if reason is None and job.needs_gpu and not has_gpu:
        reason = "needs a GPU (CUDA is not available on this machine)"
    return reason


def framework_modules(jobs: Iterable[Job]) -> set[str]:
    """The modules that decide whether the jobs' frameworks are available."""
    return {BY_NAME[name].modules[0] for job in jobs for name in job.frameworks if name in BY_NAME}


def _matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(
        PurePosixPath(name).name, pattern
    )
