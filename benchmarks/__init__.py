"""Benchmarks run by ``make bench``: every ``bench_*.py`` module with ``run() -> list[dict]``."""
