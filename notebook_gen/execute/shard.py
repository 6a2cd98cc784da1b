"""``--shard I/N``: a stable slice of the notebooks for one job of a CI matrix.

Notebooks are dealt round-robin in name order, so shards differ in size by at
most one notebook and every machine computes the same slices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

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

    def take(self, items: Sequence[T], key: str = "name") -> list[T]:
        """This shard's items: every N-th one after sorting by ``key`` (an attribute)."""
        ordered = sorted(items, key=lambda item: str(getattr(item, key)))
        return ordered[self.index - 1 :: self.count]


def parse_shard(spec: str) -> Shard:
    """``"2/4"`` as a :class:`Shard`; ValueError with the expected form otherwise."""
    match = _SPEC.match(spec)
    if not match:
        raise ValueError(f"shard {spec!r}: expected I/N, e.g. 1/4")
    return Shard(int(match.group(1)), int(match.group(2)))
