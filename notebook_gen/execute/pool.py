"""Run many notebooks at once, and stop them all cleanly on Ctrl-C or SIGTERM.

Everything runs on one asyncio event loop: a kernel is a separate process, so
the notebooks' code runs in parallel while this process only passes messages.
A signal sets a stop flag; the pool then cancels the notebooks still running,
waits for each to kill its kernel, and returns what had finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def run_all(
    items: Sequence[T],
    run_one: Callable[[T], Awaitable[R]],
    *,
    jobs: int,
    on_result: Callable[[R], None] | None = None,
) -> tuple[list[R], bool]:
    """Run ``run_one`` on every item, ``jobs`` at a time.

    Returns the results in the order of ``items`` and whether a signal stopped
    the run (then only the items that finished before it have results).
    """
    stop = asyncio.Event()
    with _stop_on_signals(stop):
        finished = await _run(items, run_one, jobs, stop, on_result)
    return [finished[index] for index in sorted(finished)], stop.is_set()


async def _run(
    items: Sequence[T],
    run_one: Callable[[T], Awaitable[R]],
    jobs: int,
    stop: asyncio.Event,
    on_result: Callable[[R], None] | None,
) -> dict[int, R]:
    slots = asyncio.Semaphore(jobs)
    finished: dict[int, R] = {}

    async def one(index: int, item: T) -> None:
        async with slots:
            if stop.is_set():
                return
            result = await run_one(item)
        if not stop.is_set():  # a notebook cut short by the stop is not a result
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
                task.result()  # a bug in run_one surfaces here, after the cleanup below
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
