"""Start and stop kernels so that none, and nothing one started, outlives the command.

nbclient's own ``async_setup_kernel`` installs SIGINT/SIGTERM handlers per
notebook and removes them when that notebook ends, which would leave a run of
parallel notebooks unprotected; so kernels are started here, every one is
recorded in a :class:`KernelRegistry`, and :meth:`KernelRegistry.kill_all` is
the last resort that kills each recorded kernel's process group.

A kernel is stopped by killing its process group and reaping it at once:
jupyter_client's own kill waits for the process in steps of 0.1 s, which is most
of the time of a short notebook.

Killing a kernel's process group is not enough: a notebook can start a process
in a new session (``subprocess.Popen(..., start_new_session=True)``) or fork
twice so that it is adopted by init, and that process keeps running (and holds
the run's output open) after ``execute`` returns. So each kernel gets a
:class:`Tracker`: every process whose environment carries the kernel's token
(:data:`TOKEN`, set in the kernel's environment and inherited by everything it
starts) and every descendant of such a process, found with psutil, is killed
when its notebook ends. A process that both clears its environment and detaches
escapes it. Only processes created since the kernel are looked at closely: psutil
keeps what it learnt of the others, so a look costs little however many processes
the machine runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import time
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import psutil
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient

TOKEN = "NOTEBOOK_GEN_KERNEL"
"""Environment variable naming the kernel a process descends from."""
_ROUNDS = 20
"""Looks at the processes at most: a process forking while it is killed needs a second look."""
_counter = itertools.count()
_SLACK = 2.0
"""Seconds: psutil's creation times are rounded (the boot time to whole seconds)."""
_GONE = (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)


class KernelRegistry:
    """The kernels a run started, so they can all be stopped whatever happens."""

    kernels_started: ClassVar[int] = 0
    """Kernels started by this process so far, by every registry: tests and benchmarks
    count a run's kernel starts as the difference before and after it."""

    def __init__(self) -> None:
        self._managers: list[Any] = []
        self._trackers: list[Tracker] = []
        self.pids: list[int] = []
        """Process ids of every kernel started (tests check none is left)."""

    def manager(self, kernel: str) -> Any:
        """A new kernel manager for ``kernel``, recorded here."""
        manager = AsyncKernelManager(kernel_name=kernel)
        self._managers.append(manager)
        return manager

    def started(self, manager: Any, tracker: Tracker) -> None:
        """Record the process of a kernel that just started, and track what it starts."""
        KernelRegistry.kernels_started += 1
        pid = getattr(manager.provisioner, "pid", None)
        if pid is not None:
            self.pids.append(int(pid))
            tracker.adopt(int(pid))
        self._trackers.append(tracker)

    def kill_all(self) -> None:
        """Kill every recorded kernel still running, with its children (no waiting)."""
        for manager in self._managers:
            process = getattr(manager.provisioner, "process", None)
            if process is None or process.poll() is not None:
                continue
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(Exception):
                process.wait(timeout=5)
        for tracker in list(self._trackers):
            self.reap(tracker)

    def reap(self, tracker: Tracker) -> None:
        """Kill what one kernel started; a tracker reaped here is not swept again."""
        tracker.reap()
        if tracker in self._trackers:
            self._trackers.remove(tracker)


class Kernel:
    """One notebook's kernel: started by :meth:`start`, everything it began ended by
    :meth:`stop` (which is safe to call twice, or after a failed start)."""

    def __init__(self, client: NotebookClient, registry: KernelRegistry) -> None:
        self.client, self.registry = client, registry
        self.token = new_token()
        self.tracker: Tracker | None = None

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The kernel's environment: this process's, ``extra``, and the tracking token."""
        return {**os.environ, **(extra or {}), TOKEN: self.token}

    async def start(self, *, cwd: Path, stderr: BinaryIO, env: dict[str, str]) -> None:
        """Start the kernel in ``cwd`` (stderr to a file) and wait until it answers.

        Raises RuntimeError, TimeoutError or OSError when it does not start.
        """
        client = self.client
        self.tracker = Tracker(self.token)
        await client.async_start_new_kernel(cwd=str(cwd), stderr=stderr, env=env)
        assert client.km is not None
        self.registry.started(client.km, self.tracker)
        client.kc = client.km.client()
        client.kc.start_channels()
        await ensure_async(client.kc.wait_for_ready(timeout=float(client.startup_timeout)))
        client.kc.allow_stdin = False

    async def stop(self) -> None:
        """Kill the kernel, then every process it started (not asked to shut down: the
        notebook is over either way, and a kernel stuck in a cell would not answer)."""
        await _stop(self.client)
        tracker, self.tracker = self.tracker, None
        if tracker is not None:
            self.registry.reap(tracker)


async def _stop(client: NotebookClient) -> None:
    manager, kernel_client = client.km, client.kc
    try:
        if kernel_client is not None:
            kernel_client.stop_channels()
        if manager is not None and manager.has_kernel:
            await _kill(getattr(manager.provisioner, "process", None))
            await ensure_async(manager.shutdown_kernel(now=True))
    except RuntimeError:
        pass  # already dead: nothing to stop
    finally:
        client.kc = None


async def _kill(process: Any, limit: float = 5.0) -> None:
    """Kill a kernel's process group and reap the kernel, looking every few
    milliseconds (the manager's shutdown then finds it gone and does not wait)."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.002)


def new_token() -> str:
    """A value for :data:`TOKEN` that no other kernel, in this run or another, has."""
    return f"{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}"


class Tracker:
    """Finds and kills what one kernel started: its token's processes and their descendants."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.since = 0.0
        """Creation time (psutil's clock) before which no process is the kernel's."""

    def adopt(self, pid: int) -> None:
        """Note when the kernel (process ``pid``, just started) was created."""
        with contextlib.suppress(psutil.Error):
            self.since = psutil.Process(pid).create_time() - _SLACK

    def reap(self) -> int:
        """Kill every process the kernel started (the kernel too); how many were killed."""
        killed: set[int] = set()
        for _ in range(_ROUNDS):
            found = self.processes() - {os.getpid()}
            if not found:
                break
            for pid in found:
                with contextlib.suppress(psutil.Error):
                    psutil.Process(pid).kill()
            killed |= found
            time.sleep(0.005)
        return len(killed)

    def processes(self) -> set[int]:
        """Live processes carrying the token, with their descendants.

        The kernel is found by its token, not by its pid: once it is gone, its pid
        may belong to an unrelated process.
        """
        parents: dict[int, int] = {}
        marked: set[int] = set()
        for process in psutil.process_iter():
            try:
                if process.create_time() < self.since or process.status() in _GONE:
                    continue
                parents[process.pid] = process.ppid()
                if _environ(process).get(TOKEN) == self.token:
                    marked.add(process.pid)
            except psutil.Error:
                continue  # gone meanwhile
        return _with_descendants(marked, parents)


def _environ(process: psutil.Process) -> dict[str, str]:
    try:
        return dict(process.environ())
    except psutil.AccessDenied:  # another user's process: not one a kernel of ours started
        return {}


def _with_descendants(roots: set[int], parents: dict[int, int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, pending = set(), list(roots)
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending.extend(children.get(pid, ()))
    return found
