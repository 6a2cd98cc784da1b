"""Whole processes, timed as a user feels them: wall time, CPU of the process tree, memory.

A command runs as a child process and :func:`os.wait4` returns its resource usage. On
Linux that usage includes every descendant the child waited for (a build's worker
processes), so ``cpu`` is the CPU time of the whole process tree and ``peak_mb`` the peak
resident set of its largest process. Variants are run in alternation (:func:`alternate`),
so that a burst of load from the other processes of a shared machine falls on each of them
alike, and are summarised by their median (:func:`median_of`).

The project's modules are byte-compiled first (:func:`compile_project`), as an install
leaves them: pip compiles a package when it installs it, and Python writes the bytecode
of an editable install on first import, except where ``PYTHONDONTWRITEBYTECODE`` is set
(as in some sandboxes). Without it every run would compile every module again, which no
user's run does and the reference, compiled by pip, never pays.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "5")))
"""Runs of each whole-process variant; 5 unless ``BENCH_ROUNDS`` says otherwise (a quick
trial may ask for fewer; the figures of record use at least 5)."""

T = TypeVar("T")


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float
    """Seconds from start to exit, as the user waits for it."""
    cpu: float
    """User + system CPU seconds of the process and every descendant it waited for."""
    peak_mb: float
    """Peak resident set of the largest process of the tree (MB)."""
    code: int
    stdout: str
    stderr: str


PROJECT = Path(__file__).resolve().parent.parent / "notebook_gen"


def compile_project() -> None:
    """Write the bytecode of the project's modules (``__pycache__``, ignored by git)."""
    if not compileall.compile_dir(PROJECT, quiet=1):
        raise RuntimeError(f"{PROJECT}: a module does not compile")


def run_process(argv: Sequence[str], cwd: Path | None = None,
                env: Mapping[str, str] | None = None) -> Sample:
    """Run ``argv`` to completion (with ``env`` added to the environment), output kept in
    temporary files (a pipe could fill up and stall the child) and read back afterwards."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err,
                                 env={**os.environ, **env} if env else None)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                      child.returncode, out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"))


def alternate(variants: Mapping[str, Callable[[], T]], rounds: int = ROUNDS,
              ) -> dict[str, list[T]]:
    """Run every variant once per round: in the given order in even rounds, in reverse in
    odd ones (A B C, C B A, ...), so that no variant always runs first or right after
    another. Returns each variant's results in run order."""
    names = list(variants)
    results: dict[str, list[T]] = {name: [] for name in names}
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            results[name].append(variants[name]())
    return results


@dataclass(frozen=True)
class Summary:
    """Several runs of one variant: the medians of wall and CPU time, the largest peak."""

    wall: float
    cpu: float
    peak_mb: float
    runs: int


def median_of(samples: Sequence[Sample]) -> Summary:
    if not samples:
        raise ValueError("no samples to summarise")
    return Summary(statistics.median(s.wall for s in samples),
                   statistics.median(s.cpu for s in samples),
                   max(s.peak_mb for s in samples), len(samples))
