"""``python -m benchmarks``: run every ``benchmarks/bench_*.py`` and print one table.

Each module's ``run()`` returns rows ``{name, value, unit, target, ok}``. A module that
fails is reported as a failed row and the others still run. Exit status 1 if any row
misses its target or a module fails.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path
from typing import Any

COLUMNS = ("benchmark", "value", "unit", "target", "ok")


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


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    value = row.get("value", "")
    shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
    ok = row.get("ok")
    return (str(row.get("name", "")), shown, str(row.get("unit", "")),
            str(row.get("target", "") or ""), "" if ok is None else ("yes" if ok else "NO"))


def format_table(rows: list[dict[str, Any]]) -> str:
    cells = [COLUMNS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    right = {1}
    lines = []
    for number, line in enumerate(cells):
        lines.append("  ".join(text.rjust(w) if i in right else text.ljust(w)
                               for i, (text, w) in enumerate(zip(line, widths, strict=True)))
                     .rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    rows: list[dict[str, Any]] = []
    for name in bench_modules(Path(__file__).resolve().parent):
        rows.extend(run_module(name))
    print(format_table(rows))
    return 0 if all(row.get("ok") is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
