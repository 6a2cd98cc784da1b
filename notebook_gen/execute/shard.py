"""``--shard I/N``: a stable slice of the notebooks for one job of a CI matrix.

Notebooks that share a run (:mod:`notebook_gen.execute.units`) stay together in one
shard. With durations known (``--durations``: the JSON report of an earlier run),
the groups are spread by seconds: longest first, each onto the shard with the least
time so far, so that the slowest shard ends close to the mean. A group costs the
longest time known of its notebooks; one with none known costs the mean of those
known. With nothing known, the groups are dealt round-robin in name order, so
shards differ by at most one run. Either way every machine computes the same slices
from the same files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from notebook_gen.execute.results import Status, report_from_dict


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or not 1 <= self.index <= self.count:
            raise ValueError(f"shard {self.index}/{self.count}: need 1 <= I <= N")

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def take(
        self,
        items: Sequence[T],
        *,
        together: Callable[[T], Hashable | None] | None = None,
        seconds: Mapping[str, float] | None = None,
    ) -> list[T]:
        """This shard's items, sorted by name.

        Items whose ``together`` key is equal (and not None) go to the same shard;
        ``seconds`` (item name to seconds) balances the shards by time.
        """
        groups = _groups(items, together)
        costs = _costs(groups, seconds or {})
        if costs is None:  # nothing known: deal the groups round-robin
            mine = groups[self.index - 1 :: self.count]
        else:
            mine = [groups[at] for at in _spread(costs, self.count)[self.index - 1]]
        return sorted((item for group in mine for item in group), key=lambda item: item.name)

    def loads(
        self,
        items: Sequence[T],
        *,
        together: Callable[[T], Hashable | None] | None = None,
        seconds: Mapping[str, float],
    ) -> list[float]:
        """The seconds each shard is expected to take (what :meth:`take` balances)."""
        groups = _groups(items, together)
        costs = _costs(groups, seconds) or [1.0] * len(groups)
        return [sum(costs[at] for at in shard) for shard in _spread(costs, self.count)]


def _groups(items: Sequence[T], together: Callable[[T], Hashable | None] | None) -> list[list[T]]:
    """The items in groups that stay together, in name order (of their first item)."""
    found: dict[Hashable, list[T]] = {}
    for item in sorted(items, key=lambda item: item.name):
        key = None if together is None else together(item)
        found.setdefault(("alone", item.name) if key is None else ("with", key), []).append(item)
    return list(found.values())


def _costs(groups: list[list[T]], seconds: Mapping[str, float]) -> list[float] | None:
    """Each group's expected seconds, or None when no item's time is known."""
    known = [[seconds[item.name] for item in group if seconds.get(item.name, 0) > 0]
             for group in groups]
    times = [max(values) for values in known if values]
    if not times:
        return None
    mean = sum(times) / len(times)
    return [max(values) if values else mean for values in known]


def _spread(costs: list[float], count: int) -> list[list[int]]:
    """Group indexes per shard: longest first onto the least loaded shard (the lowest
    index among equals), ties between groups broken by their order."""
    shards: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for at in sorted(range(len(costs)), key=lambda at: (-costs[at], at)):
        least = min(range(count), key=lambda shard: (loads[shard], shard))
        shards[least].append(at)
        loads[least] += costs[at]
    return shards


def parse_shard(spec: str) -> Shard:
    """``"2/4"`` as a :class:`Shard`; ValueError with the expected form otherwise."""
    match = _SPEC.match(spec)
    if not match:
        raise ValueError(f"shard {spec!r}: expected I/N, e.g. 1/4")
    return Shard(int(match.group(1)), int(match.group(2)))


def read_durations(path: Path) -> dict[str, float]:
    """Notebook name to seconds, from the JSON report (``--json``) of an earlier run.

    Only notebooks that ran count (passed or failed): a cached or skipped notebook
    took no time that says anything. ValueError naming the file when it is not a report.
    """
    try:
        report = report_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"--durations {path}: not a JSON report of a run ({error})") from None
    ran = {Status.PASSED, Status.FAILED}
    return {result.name: result.seconds for result in report.results
            if result.status in ran and result.seconds > 0}
