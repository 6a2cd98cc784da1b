"""``python -m benchmarks [NAME ...]``: run every ``benchmarks/bench_*.py`` (or only
``bench_NAME`` for each NAME given, as ``make bench BENCH="build execute"`` does) and print
one table.

Each module's ``run()`` returns rows ``{name, value, unit, target, ok}``, and optionally
``reference`` (the reference converter's figure), ``ratio`` (reference / ours) and
``details`` (lines printed after the table). A module that fails is reported as a failed
row and the others still run. Exit status 1 if any row misses its target or a module fails.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from benchmarks.process import ROUNDS

COLUMNS = ("benchmark", "ours", "reference", "unit", "ratio", "goal", "ok")
RIGHT = {1, 2, 4}
"""Columns whose figures are right-aligned."""


def bench_modules(folder: Path) -> list[str]:
    return sorted(f"benchmarks.{path.stem}" for path in folder.glob("bench_*.py"))


def run_module(name: str) -> list[dict[str, Any]]:
    started = time.perf_counter()
    print(f"running {name} ...", file=sys.stderr, flush=True)
    try:
        rows = list(importlib.import_module(name).run())
    except Exception as error:  # a broken benchmark is a row, not the end of the run
        traceback.print_exc()
        return [{"name": f"{name}: {type(error).__name__}: {error}", "value": "", "unit": "",
                 "target": "", "ok": False}]
    print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def figure(value: Any) -> str:
    """A figure with the digits that matter: 0.352, 4.73, 12.4, 1,170."""
    if not isinstance(value, float):
        return "" if value is None else str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}" if abs(value) >= 1 \
        else f"{value:.3f}"


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    ok = row.get("ok")
    ratio = row.get("ratio")
    return (str(row.get("name", "")), figure(row.get("value", "")),
            figure(row.get("reference")), str(row.get("unit", "")),
            "" if ratio is None else f"{figure(float(ratio))}x",
            str(row.get("target", "") or ""), "" if ok is None else ("yes" if ok else "NO"))


def format_table(rows: list[dict[str, Any]]) -> str:
    cells = [COLUMNS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for number, line in enumerate(cells):
        lines.append("  ".join(text.rjust(w) if i in RIGHT else text.ljust(w)
                               for i, (text, w) in enumerate(zip(line, widths, strict=True)))
                     .rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_details(rows: list[dict[str, Any]]) -> str:
    """What a row has to say beyond its figures (page counts, import breakdowns)."""
    return "\n\n".join(f"{row['name']}:\n{row['details']}" for row in rows
                       if row.get("details"))


def machine() -> str:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def main(argv: list[str]) -> int:
    rows: list[dict[str, Any]] = []
    before = machine()
    names = bench_modules(Path(__file__).resolve().parent)
    if argv:
        unknown = sorted(set(argv) - {name.removeprefix("benchmarks.bench_") for name in names})
        if unknown:
            print(f"no benchmark named {', '.join(unknown)}; the benchmarks are "
                  + ", ".join(name.removeprefix("benchmarks.bench_") for name in names),
                  file=sys.stderr)
            return 2
        names = [name for name in names if name.removeprefix("benchmarks.bench_") in argv]
    for name in names:
        rows.extend(run_module(name))
    print(f"machine: {before} at the start, {machine().split(', ', 1)[1]} at the end")
    print(f"whole-process rows: median of {ROUNDS} runs of each, ours and the reference "
          "taking turns; ratio = reference / ours (higher is better)\n")
    print(format_table(rows))
    details = format_details(rows)
    if details:
        print(f"\n{details}")
    return 0 if all(row.get("ok") is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
