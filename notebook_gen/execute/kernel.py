"""Start and stop kernels so that none outlives the command.

nbclient's own ``async_setup_kernel`` installs SIGINT/SIGTERM handlers per
notebook and removes them when that notebook ends, which would leave a run of
parallel notebooks unprotected; so kernels are started here, every one is
recorded in a :class:`KernelRegistry`, and :meth:`KernelRegistry.kill_all` is
the last resort that kills each recorded kernel's process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient


class KernelRegistry:
    """The kernels a run started, so they can all be stopped whatever happens."""

    def __init__(self) -> None:
        self._managers: list[Any] = []
        self.pids: list[int] = []
        """Process ids of every kernel started (tests check none is left)."""

    def manager(self, kernel: str) -> Any:
        """A new kernel manager for ``kernel``, recorded here."""
        manager = AsyncKernelManager(kernel_name=kernel)
        self._managers.append(manager)
        return manager

    def started(self, manager: Any) -> None:
        """Record the process of a kernel that just started."""
        pid = getattr(manager.provisioner, "pid", None)
        if pid is not None:
            self.pids.append(int(pid))

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


@contextlib.asynccontextmanager
async def running_kernel(
    client: NotebookClient, registry: KernelRegistry, *, cwd: Path, stderr: Path
) -> AsyncIterator[None]:
    """Start ``client.km``'s kernel in ``cwd`` (its stderr to a file), stop it on exit.

    The kernel is killed, not asked to shut down: the notebook is over either
    way, and a kernel stuck in a timed-out cell would not answer.
    """
    with stderr.open("wb") as log:
        try:
            await client.async_start_new_kernel(cwd=str(cwd), stderr=log)
            registry.started(client.km)
            assert client.km is not None
            client.kc = client.km.client()
            client.kc.start_channels()
            await _wait_until_ready(client.kc, float(client.startup_timeout))
            client.kc.allow_stdin = False
            yield
        finally:
            await _stop(client)


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
