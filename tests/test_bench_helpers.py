"""The benchmark's measuring core: variants take turns, a summary is the median run, and a
process is charged for the processes it waited for. No timing is asserted here (benchmarks/
times); what the benchmark reports and how it names stages are not tested, as they change
with the code they describe."""

from __future__ import annotations

import sys

from benchmarks.process import Sample, Summary, alternate, median_of, run_process


def test_variants_take_turns_in_alternating_order() -> None:
    order: list[str] = []
    variants = {name: (lambda name=name: order.append(name) or len(order))
                for name in ("us", "reference", "noop")}
    results = alternate(variants, rounds=4)
    assert order == ["us", "reference", "noop", "noop", "reference", "us"] * 2
    assert results == {"us": [1, 6, 7, 12], "reference": [2, 5, 8, 11],
                       "noop": [3, 4, 9, 10]}


def _sample(wall: float, cpu: float, peak: float) -> Sample:
    return Sample(wall, cpu, peak, 0, "", "")


def test_median_of_keeps_the_middle_times_and_the_largest_peak() -> None:
    samples = [_sample(5.0, 1.0, 10), _sample(1.0, 9.0, 30), _sample(2.0, 2.0, 20)]
    assert median_of(samples) == Summary(wall=2.0, cpu=2.0, peak_mb=30, runs=3)


GRANDCHILD = """
import time
block = b"x" * 80_000_000  # touched, so resident
while time.process_time() < 0.2:
    pass
print(len(block))
"""


def test_a_process_counts_the_cpu_and_memory_of_the_processes_it_waited_for() -> None:
    child = ("import subprocess, sys; "
             f"subprocess.run([sys.executable, '-c', {GRANDCHILD!r}], check=True); "
             "print('child done'); sys.exit(3)")
    sample = run_process([sys.executable, "-c", child])
    assert sample.code == 3
    assert sample.stdout.splitlines() == ["80000000", "child done"]
    assert sample.cpu >= 0.2  # the grandchild alone spent that much CPU
    assert sample.peak_mb >= 76  # and held 80,000,000 bytes (76.3 MiB; the unit is MiB)
