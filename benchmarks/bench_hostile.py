"""Hostile pages: deep nesting and stray tags, converted in linear time to a clear error
or a bounded notebook (issue 13, item 9).

Each page is converted three times (the best run counts); a row reports seconds and whether
the outcome is the bounded one (a ``PageError`` naming the line, or notebooks no bigger than
the size limit). A second row per kind doubles the page: linear time keeps the ratio near 2.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from notebook_gen.convert.notebook import dumps
from notebook_gen.convert.page import OUTPUT_FACTOR, OUTPUT_SLACK, convert_page
from notebook_gen.errors import PageError

TARGET_SECONDS = 5.0
TARGET_GROWTH = 3.0
"""Doubling the page may at most triple the time (2 = linear)."""


def nested_frameworkcontent(count: int) -> str:
    return "<frameworkcontent>\n" * count + "Deep.\n" + "</frameworkcontent>\n" * count


def nested_tips(count: int) -> str:
    return "".join(f"<Tip>\n\nLevel {n} of a tip inside a tip.\n\n" for n in range(count)) + \
        "</Tip>\n" * count


def stray_closers(count: int) -> str:
    return "# Stray\n\n" + "Text.\n</Tip>\n" * count


PAGES: tuple[tuple[str, Callable[[int], str], int], ...] = (
    ("50,000 nested <frameworkcontent>", nested_frameworkcontent, 50_000),
    ("8,000 nested <Tip>", nested_tips, 8_000),
    ("50,000 stray </Tip>", stray_closers, 50_000),
)


def convert(text: str) -> tuple[float, bool, str]:
    """Seconds, whether the outcome is bounded, and what it was."""
    started = time.perf_counter()
    try:
        result = convert_page(text, "en/hostile.md")
    except PageError as error:
        return time.perf_counter() - started, error.line is not None, f"error: {error}"
    seconds = time.perf_counter() - started
    size = max(len(dumps(notebook)) for notebook in result.notebooks.values())
    limit = 2 * (OUTPUT_FACTOR * len(text) + OUTPUT_SLACK)  # cells + JSON framing
    return seconds, size <= limit, f"{size:,} bytes, {len(result.warnings)} warnings"


def best_of(runs: int, text: str) -> tuple[float, bool, str]:
    """The fastest of ``runs`` conversions (a shared machine is noisy)."""
    return min((convert(text) for _ in range(runs)), key=lambda done: done[0])


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, make, count in PAGES:
        seconds, bounded, outcome = best_of(3, make(count))
        rows.append({"name": f"{name} ({outcome[:60]})", "value": seconds, "unit": "s",
                     "target": f"<= {TARGET_SECONDS}",
                     "ok": bounded and seconds <= TARGET_SECONDS})
        doubled, _, _ = best_of(3, make(2 * count))
        growth = doubled / max(seconds, 1e-6)
        rows.append({"name": f"{name}: time for twice as many / once", "value": growth,
                     "unit": "x", "target": f"<= {TARGET_GROWTH}", "ok": growth <= TARGET_GROWTH})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:80} {row['value']:8.3f} {row['unit']:2} {row['target']:>7} "
              f"{'ok' if row['ok'] else 'NO'}")
