"""Run one notebook: its own kernel, a fresh temporary directory, cell by cell.

The committed notebook is never written: the runner works on a copy read from
the job's text. Cells run in order until one fails; the failure is triaged
(:mod:`notebook_gen.execute.triage`) and the notebook's run ends there, its
partial outputs kept for ``--write-executed``.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from notebook_gen.convert import metadata
from notebook_gen.execute import executed, outputs, triage
from notebook_gen.execute.kernel import KernelRegistry, running_kernel
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import (
    CellFailure,
    FailureKind,
    NotebookResult,
    OutputMismatch,
    Status,
)
from notebook_gen.execute.select import Job

# nbformat's functions are not annotated; these names give them the types they have.
_read_notebook: Callable[..., Any] = nbformat.reads
_PIP_ERROR = re.compile(r"^ERROR: ", re.M)
_KERNEL_NOISE = ("[IPKernelApp] WARNING",)


async def run_notebook(
    job: Job, options: ExecuteOptions, registry: KernelRegistry
) -> NotebookResult:
    """Execute ``job`` once and say how it went (never raises for a notebook's fault)."""
    notebook = _read_notebook(job.text, as_version=4)
    expected = outputs.expected_outputs(notebook)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="notebook-gen-", ignore_cleanup_errors=True) as tmp:
        run = _NotebookRun(notebook, job, options, Path(tmp))
        failure = await run.execute(registry)
    seconds = time.monotonic() - started
    compared = [i for i in run.executed if failure is None or i != failure.cell_index]
    mismatches = _mismatches(notebook, expected, compared, job.ref, options)
    if options.write_executed is not None:
        executed.write(notebook, options.write_executed / job.name)
    if failure is None and mismatches and options.check_outputs is OutputCheck.STRICT:
        failure = _mismatch_failure(notebook, mismatches[0])
    return NotebookResult(
        name=job.name,
        status=Status.FAILED if failure else Status.PASSED,
        seconds=round(seconds, 3),
        page=job.page,
        failure=failure,
        mismatches=mismatches,
    )


class _NotebookRun:
    """The state of one notebook's execution: client, limits, cells run so far."""

    def __init__(self, notebook: Any, job: Job, options: ExecuteOptions, tmp: Path) -> None:
        self.notebook, self.job, self.options = notebook, job, options
        self.cwd, self.stderr = tmp / "work", tmp / "kernel-stderr.log"
        self.cwd.mkdir()
        self.executed: list[int] = []
        self.deadline: float | None = None
        self.client = NotebookClient(
            notebook,
            kernel_name=options.kernel,
            allow_errors=True,  # errors are triaged here, cell by cell
            timeout=math.ceil(options.timeout),
            startup_timeout=math.ceil(options.startup_timeout),
            resources={"metadata": {"path": str(self.cwd)}},
        )

    async def execute(self, registry: KernelRegistry) -> CellFailure | None:
        """Start the kernel, run the cells, stop the kernel; the first failure, if any."""
        self.client.km = registry.manager(self.options.kernel)
        try:
            async with running_kernel(self.client, registry, cwd=self.cwd, stderr=self.stderr):
                if self.options.notebook_timeout is not None:
                    self.deadline = time.monotonic() + self.options.notebook_timeout
                return await self._cells()
        except (RuntimeError, TimeoutError, OSError) as error:
            what = "stopped responding" if self.deadline or self.executed else "did not start"
            message = f"kernel {self.options.kernel!r} {what}: {error}{self._kernel_said()}"
            return triage.failure(FailureKind.DEAD_KERNEL, message, None, None, self.job.ref)

    async def _cells(self) -> CellFailure | None:
        for index, cell in enumerate(self.notebook.cells):
            if not self._runs(cell):
                continue
            self.executed.append(index)
            failure = await self._cell(cell, index)
            if failure is not None:
                return failure
        return None

    def _runs(self, cell: Any) -> bool:
        if cell.cell_type != "code" or not cell.source.strip():
            return False
        tags = triage.tags(cell)
        if metadata.TAG_SKIP in tags:
            return False
        return not (self.options.no_install and metadata.TAG_INSTALL in tags)

    async def _cell(self, cell: Any, index: int) -> CellFailure | None:
        limit, by_notebook = self._limit()
        ref = self.job.ref
        if limit <= 0:
            what = (
                f"was not reached within the notebook timeout ({self.options.notebook_timeout:g} s)"
            )
            return triage.failure(FailureKind.TIMEOUT, what, cell, index, ref)
        self.client.timeout = max(1, math.ceil(limit))  # nbclient counts whole seconds
        try:
            await self.client.async_execute_cell(cell, index)
        except CellTimeoutError:
            what = (
                f"ran past the notebook timeout of {self.options.notebook_timeout:g} s"
                if by_notebook
                else f"timed out after {self.options.timeout:g} s"
            )
            return triage.failure(FailureKind.TIMEOUT, what, cell, index, ref)
        except DeadKernelError:
            what = f"killed the kernel{self._kernel_said()}"
            return triage.failure(FailureKind.DEAD_KERNEL, what, cell, index, ref)
        return await self._check(cell, index)

    def _limit(self) -> tuple[float, bool]:
        """Seconds the next cell may run, and whether the notebook's budget is what limits it."""
        if self.deadline is None:
            return self.options.timeout, False
        remaining = self.deadline - time.monotonic()
        return min(remaining, self.options.timeout), remaining < self.options.timeout

    async def _check(self, cell: Any, index: int) -> CellFailure | None:
        tags, ref = triage.tags(cell), self.job.ref
        if triage.error_output(cell) is not None:
            return None if metadata.TAG_RAISES in tags else triage.raised(cell, index, ref)
        if metadata.TAG_RAISES in tags:
            what = f"is tagged {metadata.TAG_RAISES} but raised nothing"
            return triage.failure(FailureKind.ERROR, what, cell, index, ref)
        if metadata.TAG_INSTALL in tags:
            return await self._check_install(cell, index)
        return None

    async def _check_install(self, cell: Any, index: int) -> CellFailure | None:
        """Shell commands (``!pip``) do not raise: look at their exit status and output."""
        status = await self._exit_code()
        streams = [out for out in cell.outputs if out.output_type == "stream"]
        printed = triage.plain("".join(str(out.text) for out in streams))
        errors = [line.strip() for line in printed.splitlines() if _PIP_ERROR.match(line)]
        if not status and not errors:
            return None
        what = f"install command failed (exit status {status})"
        if errors:
            what += f": {triage.shorten(errors[0], 300)}"
        return triage.failure(FailureKind.INSTALL, what, cell, index, self.job.ref)

    async def _exit_code(self) -> int:
        client = self.client.kc
        assert client is not None
        expressions = {"status": "_exit_code"}
        msg_id = await ensure_async(
            client.execute("", silent=True, store_history=False, user_expressions=expressions)
        )
        reply = await self.client.async_wait_for_reply(msg_id)
        value = (reply or {}).get("content", {}).get("user_expressions", {}).get("status", {})
        if value.get("status") != "ok":
            return 0  # no shell command ran
        try:
            return int(value["data"]["text/plain"])
        except (KeyError, ValueError):
            return 0

    def _kernel_said(self) -> str:
        """The last lines the kernel wrote to stderr (a fatal error's explanation)."""
        try:
            text = self.stderr.read_text(errors="replace")
        except OSError:
            return ""
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(_KERNEL_NOISE)]
        return f"; kernel stderr: {' | '.join(lines[-3:])}" if lines else ""


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
    for index in ran:
        cell = notebook.cells[index]
        want = expected.get(index)
        if want is None or triage.error_output(cell) is not None:
            continue
        actual = outputs.printed(cell)
        if not outputs.matches(want, actual):
            where = ref.locate(cell)
            found.append(OutputMismatch(index, where, want.text, actual))
    return tuple(found)


def _mismatch_failure(notebook: Any, mismatch: OutputMismatch) -> CellFailure:
    where = triage.describe_cell(mismatch.cell_index, mismatch.location)
    return CellFailure(
        kind=FailureKind.OUTPUT_MISMATCH,
        message=f"{where} printed something other than the page shows",
        cell_index=mismatch.cell_index,
        location=mismatch.location,
        source=triage.excerpt(notebook.cells[mismatch.cell_index].source),
        traceback=f"expected:\n{mismatch.expected}\ngot:\n{mismatch.actual}",
    )
