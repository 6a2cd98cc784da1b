"""Run each distinct unit of code once: the notebooks of one page whose code is the same.

A page becomes several notebooks (Mixed, PyTorch, TensorFlow), and on a page without
framework blocks they hold the same code. A notebook's verdict depends only on the
cells that run, in order: their sources, the tags that change how they run
(``raises-exception``; ``install``, unless ``--no-install`` drops those cells) and,
when outputs are checked, what the page shows for them. That is its
:func:`code_key`, which is also what the cache remembers, so an edit to the page's
prose alone runs nothing again.

Notebooks of one page with the same code key, whose running cells also sit at the
same places (cell index, page line), form a :class:`Unit`: the first by name runs,
and every other gets the same verdict, with its own name and
``shared_run`` naming the notebook whose run it shares (:func:`shared`). A
notebook none of whose cells run (only install cells, under ``--no-install``)
needs no kernel at all: it passes with the reason :data:`NOTHING_TO_RUN` (and an
unreadable file fails without one, :func:`bad_notebook`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from notebook_gen.convert import metadata
from notebook_gen.execute import triage
from notebook_gen.execute.jobs import Job
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import CellFailure, FailureKind, NotebookResult, Status

NOTHING_TO_RUN = "nothing to run: every code cell is skipped (no kernel started)"
NOTHING_TO_RUN_NO_INSTALL = (
    "nothing to run without its install cells (--no-install); no kernel started"
)


@dataclass(frozen=True)
class Unit:
    """Notebooks that share one run: ``jobs[0]`` runs, the others take its verdict."""

    jobs: tuple[Job, ...]

    @property
    def leader(self) -> Job:
        return self.jobs[0]

    @property
    def followers(self) -> tuple[Job, ...]:
        return self.jobs[1:]

    def results(self, result: NotebookResult) -> list[NotebookResult]:
        """The leader's result and each follower's share of it."""
        return [result, *(shared(result, job) for job in self.followers)]


def code_key(job: Job, options: ExecuteOptions) -> str:
    """A hash of what decides the verdict of ``job`` under ``options``: its running
    cells' sources, the tags that change how they run and, when outputs are
    checked, the outputs the page shows for them. Not its prose, nor where it is."""
    checked = options.check_outputs is not OutputCheck.OFF
    cells = [
        [cell.source, sorted(cell.tags & _RUN_TAGS), cell.expected if checked else None]
        for cell in job.cells
        if cell.runs(options.no_install)
    ]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


_RUN_TAGS = frozenset({metadata.TAG_RAISES, metadata.TAG_INSTALL})
"""Tags of a running cell that change its verdict (``skip-execution`` cells do not run)."""


def nothing_to_run(job: Job, options: ExecuteOptions) -> str | None:
    """Why ``job`` needs no kernel (none of its cells runs), or None when it does."""
    if any(cell.runs(options.no_install) for cell in job.cells):
        return None
    if options.no_install and any(cell.runs(False) for cell in job.cells):
        return NOTHING_TO_RUN_NO_INSTALL
    return NOTHING_TO_RUN


def share_key(job: Job, options: ExecuteOptions) -> tuple[str, ...] | None:
    """Equal for notebooks that may share a run (same page, same code at the same
    places); None for a notebook that runs on its own (no page known, unreadable)."""
    if job.page is None or job.problem is not None or not options.share_runs:
        return None
    places = [[cell.index, cell.place] for cell in job.cells if cell.runs(options.no_install)]
    return job.page, code_key(job, options), json.dumps(places)


def group(jobs: Iterable[Job], options: ExecuteOptions) -> list[Unit]:
    """The jobs gathered into units, each unit's jobs and the units in name order."""
    found: dict[object, list[Job]] = {}
    for job in sorted(jobs, key=lambda job: job.name):
        key = share_key(job, options)
        found.setdefault(job.name if key is None else key, []).append(job)
    return [Unit(tuple(members)) for members in found.values()]


def shared(result: NotebookResult, job: Job) -> NotebookResult:
    """The verdict of ``result``'s run, given to ``job`` which shares it."""
    return replace(result, name=job.name, page=job.page, shared_run=result.name)


def passed_without_kernel(job: Job, reason: str) -> NotebookResult:
    """The result of a notebook with nothing to run."""
    return NotebookResult(job.name, Status.PASSED, page=job.page, skip_reason=reason)


def bad_notebook(job: Job, reason: str) -> NotebookResult:
    """The result of a file that is not a readable notebook (no kernel either)."""
    failure = CellFailure(kind=FailureKind.BAD_NOTEBOOK, message=triage.shorten(reason, 500))
    return NotebookResult(job.name, Status.FAILED, page=job.page, failure=failure)
