"""Execution benchmarks: parallel speed-up, the cache, and the cost of one notebook.

``run()`` executes 16 small notebooks with ``--jobs 1`` and ``--jobs 2``, no kernel
started ahead, so that the ratio measures parallel scaling alone (target: at least
1.7x faster on 2 cores), then re-runs them with a warm ``--cache``
(target: at least 20x faster than the cold run that filled it). Last, the overhead
of one notebook at ``--jobs 2``: trivial notebooks (one ``1 + 1`` cell) are almost
nothing but a kernel's start and stop, and the marginal cost of one more, measured
as the difference between runs of 8 and 24 of them divided by 16, leaves out the
fixed cost of a run (the environment probe); it is measured with and without a
kernel started ahead of the next notebook.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from notebook_gen.execute import ExecuteOptions, RunReport, Status, api

NOTEBOOKS = 16
REPEATS = 2
"""Timings are the best of this many runs: other processes on the machine only slow runs down."""
JOBS_TARGET = 1.7
CACHE_TARGET = 20.0
OVERHEAD_REPEATS = 5


def run() -> list[dict[str, Any]]:
    """Rows of (name, value, unit, target, ok) for the benchmark table."""
    with tempfile.TemporaryDirectory(prefix="bench-execute-") as tmp:
        folder = Path(tmp) / "notebooks"
        _write_notebooks(folder, NOTEBOOKS)
        # parallel scaling alone: a kernel started ahead would speed up --jobs 1 as well
        variants = [{"jobs": 1, "ahead": 0}, {"jobs": 2, "ahead": 0}]
        (one, serial), (two, parallel) = _best_interleaved(folder, variants)
        cold, _ = _timed(folder, jobs=2, cache=Path(tmp) / "cache")
        warm, cached = _timed(folder, jobs=2, cache=Path(tmp) / "cache")
    _check(serial, parallel, cached)
    speedup, cache_gain = one / two, cold / warm
    return [
        _row(f"execute {NOTEBOOKS} notebooks, --jobs 1, no kernel started ahead", one, "s"),
        _row(f"execute {NOTEBOOKS} notebooks, --jobs 2, no kernel started ahead", two, "s"),
        _row("--jobs 2 speed-up over --jobs 1", speedup, "x", JOBS_TARGET),
        _row(f"execute {NOTEBOOKS} notebooks, cold, filling --cache", cold, "s"),
        _row(f"execute {NOTEBOOKS} notebooks, all cached", warm, "s"),
        _row("cached rerun speed-up over cold", cache_gain, "x", CACHE_TARGET),
        *(_row(f"overhead per trivial notebook, --jobs 2, {label}", seconds, "s")
          for label, seconds in overheads().items()),
    ]


AHEAD = {"no kernel started ahead": 0, "one kernel started ahead (default)": 1}


def overheads(jobs: int = 2, small: int = 8, large: int = 24) -> dict[str, float]:
    """Seconds one more trivial notebook adds to a run, with and without a kernel
    started ahead (median of runs where the variants and sizes take turns)."""
    with tempfile.TemporaryDirectory(prefix="bench-overhead-") as tmp:
        folders = {count: Path(tmp) / str(count) for count in (small, large)}
        for count, folder in folders.items():
            _write_notebooks(folder, count, cells=["1 + 1"])
        timings: dict[tuple[str, int], list[float]] = {}
        for _ in range(OVERHEAD_REPEATS):
            for label, ahead in AHEAD.items():
                for count, folder in folders.items():
                    seconds, report = _timed(folder, jobs=jobs, ahead=ahead)
                    timings.setdefault((label, count), []).append(seconds)
                    if report.count(Status.PASSED) != count:
                        raise RuntimeError(f"trivial notebooks did not all pass: {report.results}")
    return {
        label: (statistics.median(timings[label, large]) - statistics.median(timings[label, small]))
        / (large - small)
        for label in AHEAD
    }


def _write_notebooks(folder: Path, count: int, cells: list[str] | None = None) -> None:
    """Small notebooks like a short docs page: a few cells, an import, some output."""
    folder.mkdir(parents=True)
    for index in range(count):
        sources = cells or [
            "import json\nimport math",
            f"values = [math.sqrt(n) for n in range({1000 * (index + 1)})]",
            "print(json.dumps({'total': round(sum(values), 2)}))",
            "sorted(values)[-3:]",
        ]
        notebook = {
            "cells": [_code(f"cell-{n}", source) for n, source in enumerate(sources)],
            "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (folder / f"page_{index:02d}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def _code(cell_id: str, source: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "id": cell_id,
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def _timed(folder: Path, **options: Any) -> tuple[float, RunReport]:
    started = time.perf_counter()
    report = api.run(folder, ExecuteOptions(timeout=120, **options))
    return time.perf_counter() - started, report


def _best_interleaved(
    folder: Path, variants: list[dict[str, Any]]
) -> list[tuple[float, RunReport]]:
    """The best timing of each variant, the variants taking turns so that a burst of
    load from other processes does not fall on one variant only."""
    runs = [[_timed(folder, **options) for options in variants] for _ in range(REPEATS)]
    return [min(timings, key=lambda timed: timed[0]) for timings in zip(*runs, strict=True)]


def _check(serial: RunReport, parallel: RunReport, cached: RunReport) -> None:
    """A benchmark of failing notebooks would measure nothing."""
    for report, status in ((serial, Status.PASSED), (parallel, Status.PASSED)):
        if report.count(status) != NOTEBOOKS:
            raise RuntimeError(f"benchmark notebooks did not all pass: {report.results}")
    if cached.count(Status.CACHED) != NOTEBOOKS:
        raise RuntimeError("the warm run did not hit the cache for every notebook")


def _row(name: str, value: float, unit: str, target: float | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "target": "" if target is None else f">= {target:g}",
        "ok": True if target is None else value >= target,
    }
