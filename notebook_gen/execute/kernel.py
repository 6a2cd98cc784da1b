"""Start and stop kernels so that none, and nothing one started, outlives the command.

nbclient's own ``async_setup_kernel`` installs SIGINT/SIGTERM handlers per
notebook and removes them when that notebook ends, which would leave a run of
parallel notebooks unprotected; so kernels are started here, every one is
recorded in a :class:`KernelRegistry`, and :meth:`KernelRegistry.kill_all` is
the last resort that kills each recorded kernel's process group. Each kernel
also has a tracker (:mod:`notebook_gen.execute.reap`) that finds the processes
it started outside its process group: they are killed when its notebook ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path
from queue import Empty
from typing import Any, BinaryIO

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient

from notebook_gen.execute import reap


class KernelRegistry:
    """The kernels a run started, so they can all be stopped whatever happens."""

    def __init__(self) -> None:
        self._managers: list[Any] = []
        self._trackers: list[reap.Tracker] = []
        self.pids: list[int] = []
        """Process ids of every kernel started (tests check none is left)."""

    def manager(self, kernel: str) -> Any:
        """A new kernel manager for ``kernel``, recorded here."""
        manager = AsyncKernelManager(kernel_name=kernel)
        self._managers.append(manager)
        return manager

    def started(self, manager: Any, tracker: reap.Tracker) -> None:
        """Record the process of a kernel that just started, and track what it starts."""
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

    def reap(self, tracker: reap.Tracker) -> None:
        """Kill what one kernel started; a tracker reaped here is not swept again."""
        tracker.reap()
        if tracker in self._trackers:
            self._trackers.remove(tracker)


class Kernel:
    """One notebook's kernel: started by :meth:`start`, everything it began ended by
    :meth:`stop` (which is safe to call twice, or after a failed start)."""

    def __init__(self, client: NotebookClient, registry: KernelRegistry) -> None:
        self.client, self.registry = client, registry
        self.token = reap.new_token()
        self.tracker: reap.Tracker | None = None

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The kernel's environment: this process's, ``extra``, and the tracking token."""
        return {**os.environ, **(extra or {}), reap.TOKEN: self.token}

    async def start(self, *, cwd: Path, stderr: BinaryIO, env: dict[str, str]) -> None:
        """Start the kernel in ``cwd`` (stderr to a file) and wait until it answers.

        Raises RuntimeError, TimeoutError or OSError when it does not start.
        """
        client = self.client
        self.tracker = reap.tracker(self.token)
        await client.async_start_new_kernel(cwd=str(cwd), stderr=stderr, env=env)
        assert client.km is not None
        self.registry.started(client.km, self.tracker)
        client.kc = client.km.client()
        client.kc.start_channels()
        await _wait_until_ready(client.kc, float(client.startup_timeout))
        client.kc.allow_stdin = False

    async def stop(self) -> None:
        """Kill the kernel, then every process it started (not asked to shut down: the
        notebook is over either way, and a kernel stuck in a cell would not answer)."""
        await _stop(self.client)
        tracker, self.tracker = self.tracker, None
        if tracker is not None:
            self.registry.reap(tracker)


async def _wait_until_ready(kernel_client: Any, timeout: float) -> None:
    """Wait until the kernel answers ``kernel_info`` and its IOPub channel delivers.

    jupyter_client's ``wait_for_ready`` does the same, then drains IOPub until it
    has been quiet for 0.2 s: a fixed cost per notebook that matters when a
    notebook runs in a second. The drain is not needed here, because nbclient
    ignores IOPub messages that do not answer the cell it is running.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernel_client.kernel_info()
        try:
            reply = await ensure_async(kernel_client.shell_channel.get_msg(timeout=0.25))
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                await ensure_async(kernel_client.iopub_channel.get_msg(timeout=0.2))
                return
            except Empty:
                pass  # IOPub not connected yet: ask again
        if not await ensure_async(kernel_client.is_alive()):
            raise RuntimeError("the kernel died before answering")
    raise TimeoutError(f"the kernel did not answer within {timeout:g} s")


async def _stop(client: NotebookClient) -> None:
    manager, kernel_client = client.km, client.kc
    try:
        if kernel_client is not None:
            kernel_client.stop_channels()
        if manager is not None and manager.has_kernel:
            await ensure_async(manager.shutdown_kernel(now=True))
    except RuntimeError:
        pass  # already dead: nothing to stop
    finally:
        client.kc = None
