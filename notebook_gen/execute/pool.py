"""Run many notebooks at once, and stop them all cleanly on Ctrl-C or SIGTERM.

Everything runs on one asyncio event loop: a kernel is a separate process, so
the notebooks' code runs in parallel while this process only passes messages.
A signal sets a stop flag; the pool then cancels the notebooks still running,
waits for each to kill its kernel, and returns what had finished.

Each item runs in two steps, ``start`` (its kernel) and ``finish`` (its cells):
``jobs`` items finish at once, and up to ``ahead`` more may start meanwhile, so
the next notebook's kernel is ready when a slot frees (starting a kernel is
most of a short notebook's time). Each item is closed
(its kernel stopped) after it leaves its running slot, and also when it never
finished (the run was stopped).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Started(Protocol[R_co]):
    """An item whose expensive setup is done: finish it (or not), then close it."""

    async def finish(self) -> R_co:
        """Do the rest of the work (the result)."""

    async def close(self) -> None:
        """Release everything (idempotent); outside the running slot, so that the next
        item runs while this one's kernel is being stopped."""


class _Slots(Generic[T, R]):
    def __init__(self, start: Callable[[T], Awaitable[Started[R]]], jobs: int, ahead: int) -> None:
        self.start = start
        self.started = asyncio.Semaphore(jobs + ahead)
        """Items started or finishing: the kernels alive at once."""
        self.running = asyncio.Semaphore(jobs)
        """Items finishing: the notebooks running at once."""


async def run_all(
    items: Sequence[T],
    start: Callable[[T], Awaitable[Started[R]]],
    *,
    jobs: int,
    ahead: int = 0,
    on_result: Callable[[R], None] | None = None,
) -> tuple[list[R], bool]:
    """Start and finish every item, ``jobs`` at a time, starting ``ahead`` more in advance.

    Returns the results in the order of ``items`` and whether a signal stopped
    the run (then only the items that finished before it have results).
    """
    stop = asyncio.Event()
    with _stop_on_signals(stop):
        finished = await _run(items, _Slots(start, jobs, ahead), stop, on_result)
    return [finished[index] for index in sorted(finished)], stop.is_set()


async def _one(slots: _Slots[T, R], item: T, stop: asyncio.Event) -> R | None:
    async with slots.started:
        if stop.is_set():
            return None
        started = await slots.start(item)
        try:
            async with slots.running:
                return None if stop.is_set() else await started.finish()
        finally:
            await started.close()


async def _run(
    items: Sequence[T],
    slots: _Slots[T, R],
    stop: asyncio.Event,
    on_result: Callable[[R], None] | None,
) -> dict[int, R]:
    finished: dict[int, R] = {}

    async def one(index: int, item: T) -> None:
        result = await _one(slots, item, stop)
        if result is not None and not stop.is_set():  # cut short by the stop: no result
            finished[index] = result
            if on_result is not None:
                on_result(result)

    tasks = [asyncio.create_task(one(index, item)) for index, item in enumerate(items)]
    stopper = asyncio.create_task(stop.wait())
    try:
        pending: set[asyncio.Task[None]] = set(tasks)
        while pending and not stop.is_set():
            done, _ = await asyncio.wait({*pending, stopper}, return_when=asyncio.FIRST_COMPLETED)
            pending -= done
            for task in done - {stopper}:
                task.result()  # a bug in start or finish surfaces here, after the cleanup below
    finally:
        stopper.cancel()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, stopper, return_exceptions=True)
    return finished


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """Turn SIGINT/SIGTERM into ``stop.set()`` while the pool runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            loop.remove_signal_handler(sig)
            if handler is not None:  # None: set outside Python, cannot be restored
                signal.signal(sig, handler)
