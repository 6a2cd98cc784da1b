"""The public entry point: :func:`execute_notebooks`, the pipeline read top to bottom.

find notebooks -> select and shard -> probe the kernel's environment -> fail
unreadable files, skip missing frameworks and GPUs, pass notebooks with nothing to
run -> gather the rest into units of identical code (:mod:`.units`) -> reuse cached
passes -> run each unit once, in parallel (retrying network failures) -> one
:class:`RunReport`, with a verdict for every notebook.

The kernel machinery (:mod:`.runner`) is imported only when something runs: a
fully cached run does not pay for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from notebook_gen.execute import environment as env
from notebook_gen.execute import units
from notebook_gen.execute.cache import Cache, fingerprint
from notebook_gen.execute.jobs import Job, Selection, find_jobs, framework_modules, why_not_here
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import NotebookResult, RunReport, Status
from notebook_gen.execute.shard import Shard, parse_shard, read_durations
from notebook_gen.execute.units import Unit

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
    durations: str | Path | Mapping[str, float] | None = None,
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
    choose the notebooks; ``durations`` (a JSON report of an earlier run, or
    notebook name to seconds) balances the shards by time rather than by count.
    Notebooks of one page with identical code share one run (each gets the
    verdict, marked ``shared_run``). ``sandbox`` gives each kernel a ``HOME`` and a
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
    seconds = read_durations(Path(durations)) if isinstance(durations, str | Path) else durations
    selection = Selection(tuple(select), tuple(langs), chosen, dict(seconds or {}))
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
    jobs = selection.apply(find_jobs(paths), together=lambda job: units.share_key(job, options))
    modules = framework_modules(jobs) | {name for job in jobs for name in job.imports}
    cache = None if options.cache is None else Cache.open(options.cache)
    environment = env.probe(options.kernel, modules, digest=cache is not None and cache.usable,
                            remember=cache.directory if cache is not None and cache.usable
                            else None)
    settled, to_run = _settle(jobs, environment, cache, options)
    for result in settled:
        if progress is not None:
            progress(result)
    ran: list[NotebookResult] = []
    interrupted = False
    if to_run:
        # the kernel machinery, imported only when a kernel starts
        from notebook_gen.execute import runner

        ran, interrupted = runner.run_units(to_run, options, environment, cache, progress)
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
) -> tuple[list[NotebookResult], list[Unit]]:
    """Results known without a kernel (unreadable, skipped, nothing to run, cached), and
    the units to run."""
    importable = environment.importable()
    has_gpu = env.gpu_available() if any(job.needs_gpu for job in jobs) else True
    settled, runnable = [], []
    for job in jobs:
        reason = None if job.problem else why_not_here(job, importable, has_gpu)
        empty = units.nothing_to_run(job, options) if options.share_runs else None
        if job.problem is not None:
            settled.append(units.bad_notebook(job, job.problem))
        elif reason is not None:
            skipped = NotebookResult(job.name, Status.SKIPPED, page=job.page, skip_reason=reason)
            settled.append(skipped)
        elif empty is not None:
            settled.append(units.passed_without_kernel(job, empty))
        else:
            runnable.append(job)
    to_run = []
    for unit in units.group(runnable, options):
        if cache is not None and cache.has(fingerprint(unit.leader, environment, options)):
            cached = NotebookResult(unit.leader.name, Status.CACHED, page=unit.leader.page)
            settled.extend(unit.results(cached))
        else:
            to_run.append(unit)
    return settled, to_run
