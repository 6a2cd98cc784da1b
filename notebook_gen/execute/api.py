"""The public entry point: :func:`execute_notebooks`, the pipeline read top to bottom.

find notebooks -> select and shard -> probe the kernel's environment -> skip
missing frameworks, reuse cached passes -> run the rest in parallel (retrying
network failures) -> one :class:`RunReport`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from notebook_gen.execute import environment as env
from notebook_gen.execute import pool
from notebook_gen.execute.cache import Cache, fingerprint
from notebook_gen.execute.kernel import KernelRegistry
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import FailureKind, NotebookResult, RunReport, Status
from notebook_gen.execute.runner import run_notebook
from notebook_gen.execute.select import Job, Selection, find_jobs, framework_modules
from notebook_gen.execute.select import missing_frameworks as missing
from notebook_gen.execute.shard import Shard, parse_shard

Progress = Callable[[NotebookResult], None]


def execute_notebooks(
    paths: str | Path | Sequence[str | Path] = "notebooks_out",
    *,
    kernel: str = "python3",
    jobs: int | None = None,
    timeout: float = 600.0,
    notebook_timeout: float | None = None,
    no_install: bool = False,
    check_outputs: str | OutputCheck = OutputCheck.OFF,
    retries: int = 0,
    write_executed: str | Path | None = None,
    cache: str | Path | None = None,
    select: Sequence[str] = (),
    langs: Sequence[str] = (),
    shard: str | Shard | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Execute generated notebooks and report on each, like a test suite.

    ``paths`` is a directory searched for ``*.ipynb`` (or notebook files, or a
    list of both). Each notebook runs in its own ``kernel`` in a fresh temporary
    directory; the files are never modified. ``jobs`` notebooks run at once
    (default: the number of cores). ``timeout`` limits each cell and
    ``notebook_timeout`` each notebook, in seconds. ``no_install`` skips cells
    tagged ``install``; ``check_outputs`` (``"off"``, ``"warn"``, ``"strict"``)
    compares printed output with the page's; ``retries`` re-runs notebooks that
    failed with a network error. ``write_executed`` is a directory for executed
    copies, ``cache`` one that remembers passes. ``select`` (globs), ``langs``
    and ``shard`` (``"I/N"``) choose the notebooks. ``progress`` is called with
    each result as it arrives.

    Ctrl-C or SIGTERM stops the run: every kernel is killed and the report
    (``interrupted=True``) lists the notebooks that finished. Raises
    NotebookGenError for a missing path or an unknown kernel.
    """
    options = ExecuteOptions(
        kernel=kernel,
        jobs=jobs or ExecuteOptions.jobs,
        timeout=timeout,
        notebook_timeout=notebook_timeout,
        no_install=no_install,
        check_outputs=OutputCheck(check_outputs),
        retries=retries,
        write_executed=None if write_executed is None else Path(write_executed),
        cache=None if cache is None else Path(cache),
    )
    chosen = parse_shard(shard) if isinstance(shard, str) else shard
    selection = Selection(tuple(select), tuple(langs), chosen)
    return run(paths, options, selection, progress)


def run(
    paths: str | Path | Sequence[str | Path],
    options: ExecuteOptions,
    selection: Selection | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """:func:`execute_notebooks` with its options already gathered."""
    started = time.monotonic()
    selection = selection or Selection()
    jobs = selection.apply(find_jobs(paths))
    modules = framework_modules(jobs) | {name for job in jobs for name in job.imports}
    environment = env.probe(options.kernel, modules)
    settled, to_run = _settle(jobs, environment, options)
    for result in settled:
        if progress is not None:
            progress(result)
    registry = KernelRegistry()
    attempt = _Attempts(options, registry, environment)
    try:
        ran, interrupted = asyncio.run(
            pool.run_all(to_run, attempt.run, jobs=options.jobs, on_result=progress)
        )
    finally:
        registry.kill_all()
    return RunReport(
        results=tuple(sorted([*settled, *ran], key=lambda result: result.name)),
        seconds=round(time.monotonic() - started, 3),
        interrupted=interrupted,
        shard=None if selection.shard is None else str(selection.shard),
        meta=env.describe(environment),
    )


def _settle(
    jobs: list[Job], environment: env.Environment, options: ExecuteOptions
) -> tuple[list[NotebookResult], list[Job]]:
    """Results known without a kernel (skipped, cached), and the jobs left to run."""
    importable = environment.importable()
    cache = None if options.cache is None else Cache(options.cache)
    settled, to_run = [], []
    for job in jobs:
        reason = missing(job, importable)
        if reason is not None:
            skipped = NotebookResult(job.name, Status.SKIPPED, page=job.page, skip_reason=reason)
            settled.append(skipped)
        elif cache is not None and cache.has(fingerprint(job, environment, options)):
            settled.append(NotebookResult(job.name, Status.CACHED, page=job.page))
        else:
            to_run.append(job)
    return settled, to_run


class _Attempts:
    """Runs one job, again on network failures, and remembers passes in the cache."""

    def __init__(
        self, options: ExecuteOptions, registry: KernelRegistry, environment: env.Environment
    ) -> None:
        self.options, self.registry, self.environment = options, registry, environment
        self.cache = None if options.cache is None else Cache(options.cache)

    async def run(self, job: Job) -> NotebookResult:
        attempts = 0
        while True:
            attempts += 1
            result = await run_notebook(job, self.options, self.registry)
            network = result.failure is not None and result.failure.kind is FailureKind.NETWORK
            if not network or attempts > self.options.retries:
                break
        result = replace(result, attempts=attempts)
        if self.cache is not None and result.status is Status.PASSED and not result.mismatches:
            self.cache.remember(fingerprint(job, self.environment, self.options), result)
        return result
