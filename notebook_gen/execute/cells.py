"""Run a started kernel through a notebook's code cells, stopping at the first failure.

What decides that a cell failed is the kernel's ``execute_reply``: its status is
``error`` whenever the cell raised, even when the ``error`` output never reached
IOPub (ipykernel cannot send an exception message holding a lone surrogate, yet
its reply still says ``error``). Outputs alone would call that cell a pass.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import Any

from jupyter_core.utils import ensure_async
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from notebook_gen.convert import metadata
from notebook_gen.execute import triage
from notebook_gen.execute.jobs import Job, cell_runs
from notebook_gen.execute.options import ExecuteOptions
from notebook_gen.execute.results import CellFailure, FailureKind
from notebook_gen.execute.triage import CellAt

_PIP_ERROR = re.compile(r"^ERROR: ", re.M)


class CellRunner:
    """The cells of one notebook, run in its started kernel."""

    def __init__(
        self,
        client: NotebookClient,
        job: Job,
        options: ExecuteOptions,
        kernel_said: Callable[[], str],
    ) -> None:
        self.client, self.job, self.options, self.kernel_said = client, job, options, kernel_said
        self.executed: list[int] = []
        """Indexes of the cells that ran (for the output comparison)."""
        self.deadline: float | None = None
        self.reply: dict[str, Any] | None = None
        client.on_cell_executed = self._on_executed

    def _on_executed(self, **hook: Any) -> None:
        reply = hook.get("execute_reply") or {}
        self.reply = reply.get("content") if isinstance(reply, dict) else None

    async def run(self, cells: list[CellAt]) -> CellFailure | None:
        """Run ``cells`` in order; the first failure, if any."""
        if self.options.notebook_timeout is not None:
            self.deadline = time.monotonic() + self.options.notebook_timeout
        try:
            for at in cells:
                if not self._runs(at.cell):
                    continue
                self.executed.append(at.index)
                failure = await self._cell(at)
                if failure is not None:
                    return failure
        except (RuntimeError, TimeoutError, OSError) as error:
            message = f"kernel {self.options.kernel!r} stopped responding: {error}"
            return triage.failure(FailureKind.DEAD_KERNEL, message + self.kernel_said(), None,
                                  self.job.ref)
        return None

    def _runs(self, cell: Any) -> bool:
        return cell_runs(str(cell.source), triage.tags(cell), self.options.no_install)

    async def _cell(self, at: CellAt) -> CellFailure | None:
        limit, by_notebook = self._limit()
        ref = self.job.ref
        if limit is not None and limit <= 0:
            what = (
                f"was not reached within the notebook timeout ({self.options.notebook_timeout:g} s)"
            )
            return triage.failure(FailureKind.TIMEOUT, what, at, ref)
        # nbclient counts whole seconds; None is no limit
        self.client.timeout = None if limit is None else max(1, math.ceil(limit))
        self.reply = None
        try:
            await self.client.async_execute_cell(at.cell, at.index)
        except CellTimeoutError:
            what = (
                f"ran past the notebook timeout of {self.options.notebook_timeout:g} s"
                if by_notebook
                else f"timed out after {self.options.timeout:g} s"
            )
            return triage.failure(FailureKind.TIMEOUT, what, at, ref)
        except DeadKernelError:
            what = f"killed the kernel{self.kernel_said()}"
            return triage.failure(FailureKind.DEAD_KERNEL, what, at, ref)
        return await self._check(at)

    def _limit(self) -> tuple[float | None, bool]:
        """Seconds the next cell may run (None: no limit), and whether the notebook's
        budget is what limits it."""
        timeout = self.options.timeout
        if self.deadline is None:
            return timeout, False
        remaining = self.deadline - time.monotonic()
        if timeout is None or remaining < timeout:
            return remaining, True
        return timeout, False

    async def _check(self, at: CellAt) -> CellFailure | None:
        tags, ref = triage.tags(at.cell), self.job.ref
        failed = triage.error_output(at.cell) is not None or (
            self.reply is not None and self.reply.get("status") == "error"
        )
        if failed:
            if metadata.TAG_RAISES in tags:
                return None
            return triage.raised(at, ref, reply=self.reply, no_install=self.options.no_install)
        if metadata.TAG_RAISES in tags:
            what = f"is tagged {metadata.TAG_RAISES} but raised nothing"
            return triage.failure(FailureKind.ERROR, what, at, ref)
        if metadata.TAG_INSTALL in tags:
            return await self._check_install(at)
        return None

    async def _check_install(self, at: CellAt) -> CellFailure | None:
        """Shell commands (``!pip``) do not raise: look at their exit status and output."""
        status = await self._exit_code()
        streams = [out for out in at.cell.outputs if out.output_type == "stream"]
        printed = triage.plain("".join(str(out.text) for out in streams))
        errors = [line.strip() for line in printed.splitlines() if _PIP_ERROR.match(line)]
        if not status and not errors:
            return None
        what = f"install command failed (exit status {status})"
        if errors:
            what += f": {triage.shorten(errors[0], 300)}"
        return triage.failure(FailureKind.INSTALL, what, at, self.job.ref)

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
