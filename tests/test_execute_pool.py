"""The pool starts the next notebook's kernel while the current one runs, within bounds,
and closes every kernel it started, even one whose notebook never ran (no kernels here:
the items are stand-ins that record what the pool did to them)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from notebook_gen.execute import pool


@dataclass
class Log:
    events: list[str] = field(default_factory=list)
    started: int = 0
    running: int = 0
    most_started: int = 0
    most_running: int = 0
    stop: asyncio.Event | None = None


class Item:
    def __init__(self, log: Log, index: int) -> None:
        self.log, self.index, self.closed = log, index, False

    async def finish(self) -> int:
        log = self.log
        log.running += 1
        log.most_running = max(log.most_running, log.running)
        log.events.append(f"finish {self.index}")
        for _ in range(20):  # let every other task take its turn
            await asyncio.sleep(0)
        if log.stop is not None and self.index == 0:
            log.stop.set()
            await asyncio.Event().wait()  # a notebook still running when the stop comes
        log.running -= 1
        return self.index

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.log.started -= 1
            self.log.events.append(f"close {self.index}")


def _starter(log: Log, made: list[Item]):  # type: ignore[no-untyped-def]
    async def start(index: int) -> Item:
        await asyncio.sleep(0)
        log.started += 1
        log.most_started = max(log.most_started, log.started)
        log.events.append(f"start {index}")
        made.append(Item(log, index))
        return made[-1]

    return start


def test_the_next_kernel_starts_while_a_notebook_runs_within_bounds() -> None:
    log, made = Log(), []
    results, stopped = asyncio.run(
        pool.run_all(range(5), _starter(log, made), jobs=2, ahead=1)
    )
    assert results == [0, 1, 2, 3, 4] and not stopped
    assert log.events.index("start 2") < log.events.index("close 0")  # started ahead
    assert log.most_running == 2 and log.most_started == 3
    assert all(item.closed for item in made) and log.started == 0


def test_without_ahead_a_kernel_starts_only_for_a_free_slot() -> None:
    log, made = Log(), []
    asyncio.run(pool.run_all(range(3), _starter(log, made), jobs=1, ahead=0))
    assert log.events == [
        "start 0", "finish 0", "close 0", "start 1", "finish 1", "close 1",
        "start 2", "finish 2", "close 2",
    ]


def test_a_stopped_run_closes_the_kernels_started_ahead() -> None:
    log, made = Log(), []

    async def stopped_run() -> dict[int, int]:
        log.stop = asyncio.Event()
        slots = pool._Slots(_starter(log, made), jobs=1, ahead=1)
        return await pool._run(range(4), slots, log.stop, None)

    assert asyncio.run(stopped_run()) == {}
    assert [item.index for item in made] == [0, 1]  # the one running, the one ahead
    assert all(item.closed for item in made) and log.started == 0
