"""Which notebooks to run: filter the jobs found (:mod:`notebook_gen.execute.jobs`),
and say why one cannot run here (a framework or a GPU missing).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from notebook_gen.convert.frameworks import BY_NAME
from notebook_gen.execute.jobs import Job, find_jobs
from notebook_gen.execute.shard import Shard

__all__ = ["Job", "Selection", "filter_jobs", "find_jobs", "framework_modules", "why_not_here"]


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
