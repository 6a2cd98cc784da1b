"""The public entry point: :func:`execute_notebooks`, the pipeline read top to bottom.

find notebooks -> select and shard -> probe the kernel's environment -> fail
unreadable files, skip missing frameworks and GPUs, reuse cached passes -> run
the rest in parallel (retrying network failures) -> one :class:`RunReport`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from notebook_gen.execute import environment as env
from notebook_gen.execute import gpu, pool
from notebook_gen.execute.cache import Cache, fingerprint
from notebook_gen.execute.kernel import KernelRegistry
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import FailureKind, NotebookResult, RunReport, Status
from notebook_gen.execute.runner import BadNotebook, NotebookRun, bad_notebook
from notebook_gen.execute.select import Job, Selection, find_jobs, framework_modules, why_not_here
from notebook_gen.execute.shard import Shard, parse_shard

Progress = Callable[[NotebookResult], None]


def execute_notebooks(
    paths: str | Path | Sequence[str | Path] = "notebooks_out",
    *,
    kernel: str = "python3",
    jobs: int | None = None,
    timeout: float | None = 600.0,
    notebook_timeout: float | None = None,
    no_install: bool = False,
    check_outputs: str | OutputCheck = OutputCheck.OFF,
    retries: int = 0,
    write_executed: str | Path | None = None,
    cache: str | Path | None = None,
    select: Sequence[str] = (),
    langs: Sequence[str] = (),
    shard: str | Shard | None = None,
    sandbox: bool = False,
    progress: Progress | None = None,
) -> RunReport:
    """Execute generated notebooks and report on each, like a test suite.

    ``paths`` is a directory searched for ``*.ipynb`` (or notebook files, or a
    list of both); each notebook is named by its path relative to the common
    root of ``paths``. Each notebook runs in its own ``kernel`` in a fresh
    temporary directory; the files are never modified. ``jobs`` notebooks run at
    once (default: the number of cores). ``timeout`` limits each cell and
    ``notebook_timeout`` each notebook, in seconds (None or ``math.inf``: no
    limit). ``no_install`` skips cells tagged ``install``; ``check_outputs``
    (``"off"``, ``"warn"``, ``"strict"``) compares printed output with the
    page's; ``retries`` re-runs notebooks that failed with a network error.
    ``write_executed`` is a directory for executed copies, ``cache`` one that
    remembers passes (when it cannot be used, the report carries a warning and
    nothing is cached). ``select`` (globs), ``langs`` and ``shard`` (``"I/N"``)
    choose the notebooks. ``sandbox`` gives each kernel a ``HOME`` and a
    ``TMPDIR`` inside its notebook's temporary directory. ``progress`` is called
    with each result as it arrives.

    A file that is not a readable notebook is reported failed (``bad-notebook``)
    and the others run.

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
        sandbox=sandbox,
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
    cache = None if options.cache is None else Cache.open(options.cache)
    environment = env.probe(options.kernel, modules, digest=cache is not None and cache.usable)
    settled, to_run = _settle(jobs, environment, cache, options)
    for result in settled:
        if progress is not None:
            progress(result)
    registry = KernelRegistry()
    attempts = _Attempts(options, registry, environment, cache)
    try:
        ran, interrupted = asyncio.run(
            pool.run_all(to_run, attempts.start, jobs=options.jobs, ahead=options.ahead,
                         on_result=progress)
        )
    finally:
        registry.kill_all()
    return RunReport(
        results=tuple(sorted([*settled, *ran], key=lambda result: result.name)),
        seconds=round(time.monotonic() - started, 3),
        interrupted=interrupted,
        shard=None if selection.shard is None else str(selection.shard),
        meta=env.describe(environment),
        warnings=tuple(cache.warnings) if cache is not None else (),
    )


def _settle(
    jobs: list[Job], environment: env.Environment, cache: Cache | None, options: ExecuteOptions
) -> tuple[list[NotebookResult], list[Job]]:
    """Results known without a kernel (unreadable, skipped, cached), and the jobs to run."""
    importable = environment.importable()
    has_gpu = gpu.available() if any(job.needs_gpu for job in jobs) else True
    settled, to_run = [], []
    for job in jobs:
        reason = None if job.problem else why_not_here(job, importable, has_gpu)
        if job.problem is not None:
            settled.append(bad_notebook(job, job.problem))
        elif reason is not None:
            skipped = NotebookResult(job.name, Status.SKIPPED, page=job.page, skip_reason=reason)
            settled.append(skipped)
        elif cache is not None and cache.has(fingerprint(job, environment, options)):
            settled.append(NotebookResult(job.name, Status.CACHED, page=job.page))
        else:
            to_run.append(job)
    return settled, to_run


class _Attempts:
    """Starts one job's run, runs it again on network failures, remembers passes."""

    def __init__(
        self,
        options: ExecuteOptions,
        registry: KernelRegistry,
        environment: env.Environment,
        cache: Cache | None,
    ) -> None:
        self.options, self.registry, self.environment = options, registry, environment
        self.cache = cache

    async def start(self, job: Job) -> _Attempt:
        """The job with its kernel started (what the pool starts ahead)."""
        return _Attempt(self, job, await NotebookRun.start(job, self.options, self.registry))


class _Attempt:
    def __init__(self, attempts: _Attempts, job: Job, first: NotebookRun | BadNotebook) -> None:
        self.attempts, self.job, self.current = attempts, job, first

    async def finish(self) -> NotebookResult:
        options, count = self.attempts.options, 0
        while True:
            count += 1
            result = await self.current.finish()
            network = result.failure is not None and result.failure.kind is FailureKind.NETWORK
            if not network or count > options.retries:
                break
            await self.current.close()
            self.current = await NotebookRun.start(self.job, options, self.attempts.registry)
        result = replace(result, attempts=count)
        cache = self.attempts.cache
        if cache is not None and result.status is Status.PASSED and not result.mismatches:
            cache.remember(fingerprint(self.job, self.attempts.environment, options), result)
        return result

    async def close(self) -> None:
        await self.current.close()
