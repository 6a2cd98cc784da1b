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

On the corpus (skipped when absent), :func:`corpus_rows`: a slice of 60 pages of a
``build --all``, run with ``--no-install`` alternately as before units (every notebook
in a kernel of its own: ``share_runs=False``) and as now (each distinct unit of code
once): wall time, kernel starts and notebook-seconds (the seconds of the runs that
happened). Then a warm ``--cache`` run, as a command, of the slice's notebooks that
pass here with the small notebooks above (the corpus's own code mostly needs its
library, which the benchmark does not install), against the floor of any cached run
(an interpreter that reads and hashes the notebooks and computes the environment's
digest; target at most 2x). Last, the kernel starts the whole corpus
needs under ``--no-install``, default pages and ``--all``: one per notebook before,
one per unit of code with something to run now (counted from the files, not run).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_build import CORPUS, our_command
from benchmarks.process import ROUNDS, alternate, run_process
from notebook_gen.execute import api, units
from notebook_gen.execute.jobs import Job, find_jobs
from notebook_gen.execute.kernel import KernelRegistry
from notebook_gen.execute.options import ExecuteOptions
from notebook_gen.execute.results import RunReport, Status

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
        *corpus_rows(),
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


# --- the corpus: each distinct unit of code once ---

SLICE_PAGES = 60
SLICE_ROUNDS = min(ROUNDS, 3)
"""Rounds of the slice's old and new runs (each takes tens of seconds)."""
FLOOR_TARGET = 2.0

FLOOR = """
import hashlib, importlib.metadata as md, runpy, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.ipynb")):
    hashlib.sha256(path.read_bytes()).hexdigest()
probe = runpy.run_path(sys.argv[2])
probe["digest"](md.packages_distributions())
"""
"""The least any cached run does: read and hash every notebook, digest the environment."""


def corpus_rows() -> list[dict[str, Any]]:
    """Rows of the corpus measurements, or one row saying the corpus is absent."""
    if not CORPUS.is_dir():
        return [_row(f"corpus: skipped, {CORPUS} is absent", 0.0, "")]
    with tempfile.TemporaryDirectory(prefix="bench-units-") as tmp:
        work = Path(tmp)
        everything, default = _build(work / "all", "--all"), _build(work / "default")
        sample = _slice(everything, work / "slice")
        rows = _old_and_new(sample)
        rows += _warm_and_floor(_passed(sample, work / "passed"), work / "cache")
        for label, folder in (("default pages", default), ("--all", everything)):
            before, after = kernel_starts(find_jobs(folder))
            rows.append(_row(f"corpus {label}, --no-install: kernel starts before", before, ""))
            rows.append(_row(f"corpus {label}, --no-install: kernel starts now", after, ""))
    return rows


def _build(out: Path, *options: str) -> Path:
    done = run_process([*our_command(), "build", str(CORPUS), "-o", str(out), "-j", "2",
                        *options])
    if done.code not in (0, 1):
        raise RuntimeError(f"build of the corpus failed: {done.stderr[-2000:]}")
    return out


def _slice(built: Path, out: Path) -> Path:
    """The notebooks of 60 pages spread evenly over the built pages in name order."""
    by_page: dict[str, list[Job]] = {}
    for job in find_jobs(built):
        by_page.setdefault(job.page or job.name, []).append(job)
    pages = sorted(by_page)
    step = max(1, len(pages) // SLICE_PAGES)
    for page in pages[::step][:SLICE_PAGES]:
        for job in by_page[page]:
            target = out / job.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(job.path, target)
    return out


def kernel_starts(jobs: list[Job]) -> tuple[int, int]:
    """Kernels a ``--no-install`` run of readable ``jobs`` starts (frameworks all
    installed): one per notebook before units, one per unit with something to run now."""
    readable = [job for job in jobs if job.problem is None]
    options = ExecuteOptions(no_install=True)
    runnable = [job for job in readable if units.nothing_to_run(job, options) is None]
    return len(readable), len(units.group(runnable, options))


def _slice_run(folder: Path, share: bool) -> tuple[float, int, float, RunReport]:
    """Wall seconds, kernel starts, notebook-seconds and the report of one run."""
    before = KernelRegistry.kernels_started
    seconds, report = _timed(folder, jobs=2, no_install=True, share_runs=share)
    ran = [result.seconds for result in report.results
           if result.shared_run is None and result.status in (Status.PASSED, Status.FAILED)]
    return seconds, KernelRegistry.kernels_started - before, sum(ran), report


def _old_and_new(folder: Path) -> list[dict[str, Any]]:
    runs = alternate({"before": lambda: _slice_run(folder, False),
                      "now": lambda: _slice_run(folder, True)}, SLICE_ROUNDS)
    old, new = runs["before"], runs["now"]
    verdicts = [{r.name: r.status for r in run[3].results} for run in (old[0], new[0])]
    if verdicts[0] != verdicts[1]:
        raise RuntimeError("the slice's verdicts differ between shared and separate runs")
    notebooks = len(new[0][3].results)
    wall = [statistics.median(run[0] for run in runs) for runs in (old, new)]
    spent = [statistics.median(run[2] for run in runs) for runs in (old, new)]
    label = f"corpus slice ({SLICE_PAGES} pages, {notebooks} notebooks, --all, --no-install)"
    return [
        _row(f"{label}: wall, every notebook in its own kernel (before)", wall[0], "s"),
        _row(f"{label}: wall, each unit of code once (now)", wall[1], "s"),
        _row(f"{label}: wall now / before", wall[1] / wall[0], "x"),
        _row(f"{label}: kernel starts before", old[0][1], ""),
        _row(f"{label}: kernel starts now", new[0][1], ""),
        _row(f"{label}: notebook-seconds before", spent[0], "s"),
        _row(f"{label}: notebook-seconds now", spent[1], "s"),
    ]


def _passed(folder: Path, out: Path) -> tuple[Path, int]:
    """The slice's notebooks that pass here (failures are never cached: they run again),
    and how many of them a kernel ran (the others had nothing to run)."""
    report = api.run(folder, ExecuteOptions(jobs=2, no_install=True, timeout=120))
    for result in report.results:
        if result.status is Status.PASSED:
            (out / result.name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / result.name, out / result.name)
    # and the small notebooks of run(), so that the warm run finds units in the cache
    # even where the corpus's code cannot run (its library is not installed)
    _write_notebooks(out / "small", NOTEBOOKS)
    ran = sum(1 for result in report.results
              if result.status is Status.PASSED and result.skip_reason is None)
    return out, ran + NOTEBOOKS


def _warm_and_floor(passed: tuple[Path, int], cache: Path) -> list[dict[str, Any]]:
    """A run that finds every notebook in the cache, against the floor (as commands)."""
    folder, ran = passed
    argv = [*our_command(), "execute", str(folder), "--no-install", "--jobs", "2", "--quiet",
            "--cache", str(cache)]
    cold = run_process(argv)
    if cold.code != 0:
        raise RuntimeError(f"the cold cached run failed: {cold.stderr[-2000:]}")
    probe = Path(api.__file__).with_name("probe_script.py")
    runs = alternate({"warm": lambda: run_process(argv),
                      "floor": lambda: run_process([sys.executable, "-c", FLOOR, str(folder),
                                                    str(probe)])})
    if any(sample.code != 0 for sample in runs["floor"]):
        raise RuntimeError(f"the floor failed: {runs['floor'][0].stderr[-2000:]}")
    if any(f" {ran} cached" not in sample.stdout for sample in runs["warm"]):
        raise RuntimeError(f"a warm run did not find the cache: {runs['warm'][0].stdout}")
    warm = statistics.median(sample.wall for sample in runs["warm"])
    floor = statistics.median(sample.wall for sample in runs["floor"])
    ratio = warm / floor
    return [
        _row(f"corpus slice's passes and {NOTEBOOKS} small notebooks ({ran} cached, the rest "
             "with nothing to run): a warm --cache run, as a command", warm, "s"),
        _row("the same notebooks, the floor: hash them, digest the environment", floor, "s"),
        {**_row("all cached / floor", ratio, "x"), "target": f"<= {FLOOR_TARGET:g}",
         "ok": ratio <= FLOOR_TARGET},
    ]
