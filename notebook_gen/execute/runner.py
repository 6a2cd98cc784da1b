"""Run one notebook: its own kernel, a fresh temporary directory, cell by cell.

A run has three steps, :meth:`NotebookRun.start` (the temporary directory and
the kernel), :meth:`NotebookRun.finish` (the cells) and :meth:`NotebookRun.close`
(the kernel and everything it started killed, the directory removed), so that
the pool can start a notebook's kernel while the previous notebook still runs,
and let the next notebook run while the previous kernel is being stopped.
Isolation is unchanged: one fresh kernel and one fresh directory per run, never
shared. :func:`run_units` runs the first notebook of each unit of identical code
(:mod:`notebook_gen.execute.units`) and gives its verdict to the others.

The committed notebook is never written: the runner works on a copy read from
the job's text. Cells run in order until one fails; the failure is triaged
(:mod:`notebook_gen.execute.triage`) and the notebook's run ends there, its
partial outputs kept for ``--write-executed``. A cell fails when the kernel's
``execute_reply`` says ``error``, whether or not an ``error`` output arrived.

Executed copies (``--write-executed``) are written with large outputs cut down to size:
a nightly run over hundreds of notebooks should leave artifacts a person can open, not
megabytes of training logs. Text longer than :data:`.outputs.MAX_TEXT` characters
(streams, plain-text results, an error's message and traceback) keeps its head and tail,
and rich data larger than :data:`MAX_DATA` (images, HTML) is replaced by a note.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import nbformat
from nbclient import NotebookClient

from notebook_gen.atomic import atomic_text
from notebook_gen.execute import environment as env
from notebook_gen.execute import outputs, pool, triage, units
from notebook_gen.execute.cache import Cache, fingerprint
from notebook_gen.execute.cells import CellRunner
from notebook_gen.execute.jobs import Job
from notebook_gen.execute.kernel import Kernel, KernelRegistry
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.outputs import clean, truncate_text
from notebook_gen.execute.results import (
    CellFailure,
    FailureKind,
    NotebookResult,
    OutputMismatch,
    Status,
)
from notebook_gen.execute.triage import code_cells
from notebook_gen.execute.units import Unit

# nbformat's functions are not annotated; these names give them the types they have.
_read_notebook: Callable[..., Any] = nbformat.reads
_write_notebook: Callable[..., None] = nbformat.write
_KERNEL_NOISE = ("[IPKernelApp] WARNING",)
_SANDBOX_DROPS = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
"""Variables naming places outside the sandbox that default to ones inside ``HOME``."""
MAX_DATA = 1_000_000
"""Characters of rich data (an image, HTML) kept in an executed copy."""


class NotebookRun:
    """One notebook's execution: its copy, its directory, its kernel, cells run so far."""

    def __init__(self, job: Job, options: ExecuteOptions, notebook: Any) -> None:
        self.job, self.options, self.notebook = job, options, notebook
        self.expected = outputs.expected_outputs(notebook)
        self.tmp = Path(tempfile.mkdtemp(prefix="notebook-gen-"))
        self.cwd, self.stderr = self.tmp / "work", self.tmp / "kernel-stderr.log"
        self.cwd.mkdir()
        self.client = NotebookClient(
            notebook,
            kernel_name=options.kernel,
            allow_errors=True,  # errors are triaged here, cell by cell
            startup_timeout=int(options.startup_timeout),
            resources={"metadata": {"path": str(self.cwd)}},
        )
        self.kernel: Kernel | None = None
        self.log: IO[bytes] | None = None
        self.failure: CellFailure | None = None
        """A failure before any cell ran (the kernel did not start)."""
        self.ran: list[int] = []
        """Indexes of the cells that ran."""
        self.startup = 0.0
        """Seconds the kernel took to start (part of the notebook's time; the wait
        for a free slot after it started is not)."""

    @classmethod
    async def start(
        cls, job: Job, options: ExecuteOptions, registry: KernelRegistry
    ) -> NotebookRun | BadNotebook:
        """The notebook's directory made and its kernel started (or the reason it did
        not start, kept for :meth:`finish`); a :class:`BadNotebook` for an unreadable file."""
        try:
            notebook = _read_notebook(job.text, as_version=4)
            run = cls(job, options, notebook)
        except Exception as error:  # nbformat raises many types for a malformed file
            return BadNotebook(job, f"not a notebook: {error}")
        run.kernel = Kernel(run.client, registry)
        run.client.km = registry.manager(options.kernel)
        run.log = run.stderr.open("wb")
        began = time.monotonic()
        try:
            await run.kernel.start(cwd=run.cwd, stderr=run.log, env=run.environment())
        except (RuntimeError, TimeoutError, OSError) as error:
            message = f"kernel {options.kernel!r} did not start: {error}{run.kernel_said()}"
            run.failure = triage.failure(FailureKind.DEAD_KERNEL, message, None, job.ref)
        except BaseException:
            await run.close()  # cancelled (a signal stopped the run): leave nothing behind
            raise
        run.startup = time.monotonic() - began
        return run

    def environment(self) -> dict[str, str]:
        """The kernel's environment: ours, or under ``--sandbox`` a home and a temporary
        folder of its own, inside the notebook's temporary directory."""
        assert self.kernel is not None
        if not self.options.sandbox:
            return self.kernel.environment()
        home, tmp = self.tmp / "home", self.tmp / "tmp"
        home.mkdir()
        tmp.mkdir()
        env = self.kernel.environment({"HOME": str(home), "TMPDIR": str(tmp), "TMP": str(tmp),
                                       "TEMP": str(tmp)})
        for name in _SANDBOX_DROPS:
            env.pop(name, None)
        return env

    async def finish(self) -> NotebookResult:
        """Run the cells (unless the kernel did not start) and say how it went;
        :meth:`close` stops the kernel."""
        began = time.monotonic()
        failure = self.failure
        if failure is None:
            cells = CellRunner(self.client, self.job, self.options, self.kernel_said)
            failure = await cells.run(code_cells(self.notebook))
            self.ran = cells.executed
        return self._result(failure, self.ran, self.startup + time.monotonic() - began)

    def write_shared(self, job: Job) -> None:
        """Write the executed copy of ``job``, which shares this run: its own cells, with
        the outputs of the cells that ran here (they sit at the same places)."""
        assert self.options.write_executed is not None
        notebook = _read_notebook(job.text, as_version=4)
        for index in self.ran:
            ran, copy = self.notebook.cells[index], notebook.cells[index]
            copy.outputs, copy.execution_count = ran.outputs, ran.execution_count
        write_executed(notebook, self.options.write_executed / job.name)

    async def close(self) -> None:
        """Stop the kernel and what it started, remove the directory (idempotent)."""
        kernel, self.kernel = self.kernel, None
        if kernel is not None:
            await kernel.stop()
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _result(
        self, failure: CellFailure | None, ran: list[int], seconds: float
    ) -> NotebookResult:
        compared = [i for i in ran if failure is None or i != failure.cell_index]
        mismatches = _mismatches(self.notebook, self.expected, compared, self.job.ref,
                                 self.options)
        if self.options.write_executed is not None:
            write_executed(self.notebook, self.options.write_executed / self.job.name)
        if failure is None and mismatches and self.options.check_outputs is OutputCheck.STRICT:
            failure = _mismatch_failure(self.notebook, mismatches[0])
        return NotebookResult(
            name=self.job.name,
            status=Status.FAILED if failure else Status.PASSED,
            seconds=round(seconds, 3),
            page=self.job.page,
            failure=failure,
            mismatches=mismatches,
        )

    def kernel_said(self) -> str:
        """The last lines the kernel wrote to stderr (a fatal error's explanation)."""
        if self.log is not None:
            self.log.flush()
        try:
            text = self.stderr.read_text(errors="replace")
        except OSError:
            return ""
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(_KERNEL_NOISE)]
        return f"; kernel stderr: {' | '.join(lines[-3:])}" if lines else ""


class BadNotebook:
    """A file that nbformat cannot read as a notebook: a failed result, no kernel."""

    def __init__(self, job: Job, reason: str) -> None:
        self.job, self.reason = job, reason

    async def finish(self) -> NotebookResult:
        return units.bad_notebook(self.job, self.reason)

    async def close(self) -> None:
        """Nothing was started."""


def _mismatches(
    notebook: Any,
    expected: dict[int, outputs.Expected],
    ran: list[int],
    ref: triage.PageRef,
    options: ExecuteOptions,
) -> tuple[OutputMismatch, ...]:
    if options.check_outputs is OutputCheck.OFF:
        return ()
    found = []
    for at in code_cells(notebook):
        want = expected.get(at.index)
        if at.index not in ran or want is None or triage.error_output(at.cell) is not None:
            continue
        actual = outputs.printed(at.cell)
        if not outputs.matches(want, actual):
            where = ref.locate(at.cell)
            found.append(OutputMismatch(at.index, where, truncate_text(want.text),
                                        truncate_text(actual), at.code_cell))
    return tuple(found)


def _mismatch_failure(notebook: Any, mismatch: OutputMismatch) -> CellFailure:
    where = triage.describe_cell(mismatch.code_cell, mismatch.location)
    return CellFailure(
        kind=FailureKind.OUTPUT_MISMATCH,
        message=f"{where} printed something other than the page shows",
        cell_index=mismatch.cell_index,
        location=mismatch.location,
        code_cell=mismatch.code_cell,
        source=triage.excerpt(notebook.cells[mismatch.cell_index].source),
        traceback=f"expected:\n{mismatch.expected}\ngot:\n{mismatch.actual}",
    )


def run_units(
    to_run: list[Unit],
    options: ExecuteOptions,
    environment: env.Environment,
    cache: Cache | None,
    progress: Callable[[NotebookResult], None] | None,
) -> tuple[list[NotebookResult], bool]:
    """Run each unit's first notebook, ``options.jobs`` at once; every notebook's result
    (the others share the run) and whether a signal stopped the run."""

    def arrived(results: list[NotebookResult]) -> None:
        for result in results:
            if progress is not None:
                progress(result)

    registry = KernelRegistry()
    attempts = _Attempts(options, registry, environment, cache)
    try:
        ran, interrupted = asyncio.run(
            pool.run_all(to_run, attempts.start, jobs=options.jobs, ahead=options.ahead,
                         on_result=arrived)
        )
    finally:
        registry.kill_all()
    return [result for results in ran for result in results], interrupted


class _Attempts:
    """Starts one unit's run, runs it again on network failures, remembers passes."""

    def __init__(
        self,
        options: ExecuteOptions,
        registry: KernelRegistry,
        environment: env.Environment,
        cache: Cache | None,
    ) -> None:
        self.options, self.registry, self.environment = options, registry, environment
        self.cache = cache

    async def start(self, unit: Unit) -> _Attempt:
        """The unit with its kernel started (what the pool starts ahead)."""
        first = await NotebookRun.start(unit.leader, self.options, self.registry)
        return _Attempt(self, unit, first)


class _Attempt:
    def __init__(self, attempts: _Attempts, unit: Unit, first: NotebookRun | BadNotebook) -> None:
        self.attempts, self.unit, self.current = attempts, unit, first

    async def finish(self) -> list[NotebookResult]:
        options, count, job = self.attempts.options, 0, self.unit.leader
        while True:
            count += 1
            result = await self.current.finish()
            network = result.failure is not None and result.failure.kind is FailureKind.NETWORK
            if not network or count > options.retries:
                break
            await self.current.close()
            self.current = await NotebookRun.start(job, options, self.attempts.registry)
        result = replace(result, attempts=count)
        cache = self.attempts.cache
        if cache is not None and result.status is Status.PASSED and not result.mismatches:
            cache.remember(fingerprint(job, self.attempts.environment, options), result)
        if options.write_executed is not None and isinstance(self.current, NotebookRun):
            for follower in self.unit.followers:
                self.current.write_shared(follower)
        return self.unit.results(result)

    async def close(self) -> None:
        await self.current.close()


def write_executed(notebook: Any, path: Path) -> None:
    """Write ``notebook`` to ``path`` atomically, truncating large outputs first."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for output in cell.get("outputs", ()):
                _truncate(output)
    # backslashreplace: a lone surrogate in any output still gives a readable file
    with atomic_text(path, errors="backslashreplace") as stream:
        _write_notebook(notebook, stream)


def _truncate(output: Any) -> None:
    if output.output_type == "stream":
        output.text = clean(_joined(output.text))
        return
    if output.output_type == "error":
        output.evalue = clean(str(output.evalue), what="error message")
        output.traceback = clean("\n".join(output.traceback), what="traceback").split("\n")
        return
    data = output.get("data")
    if not data:
        return
    for mime, value in list(data.items()):
        text = _joined(value) if isinstance(value, str | list) else None
        if text is None:
            continue
        if mime == "text/plain":
            data[mime] = truncate_text(text)
        elif len(text) > MAX_DATA:
            del data[mime]
            note = f"[notebook-gen: {mime} output of {len(text)} characters omitted]"
            data.setdefault("text/plain", note)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)
