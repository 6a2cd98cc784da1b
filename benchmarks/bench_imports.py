"""Import time of the command line: ``python -X importtime -m notebook_gen ...``.

A no-op rebuild (of a small synthetic tree, already built) settled by the quick check,
``--help`` and ``--version`` run
``ROUNDS`` times each, in alternation; the row is the median time of the project's
imports and of its dependencies' (third-party packages); the standard-library modules they
pull in beyond the bare interpreter's are in the details, with the total
(:mod:`benchmarks.importtime`). The run with the median
total gives the breakdown printed after the table: the dearest imports from outside the
project, with the project module that asked for each, and the project's own modules.

Goal (issue 14): under 40 ms of project and dependency imports for a no-op, and
``--help``/``--version`` as fast.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.importtime import ImportReport, describe, report
from benchmarks.process import alternate, compile_project, run_process
from benchmarks.synthetic import make_tree

PAGES = 50
BUDGET_MS = 40.0
BUILD = ["build", "{source}", "-o", "{out}", "--all"]
COMMANDS = {"no-op build": BUILD, "--help": ["--help"], "--version": ["--version"]}


def importtime_output(args: list[str], cwd: Path) -> str:
    """What ``python -X importtime -m notebook_gen ARGS`` prints on stderr; an exit status
    other than 0 or 1 (a page failed) is an error."""
    sample = run_process([sys.executable, "-X", "importtime", "-m", "notebook_gen", *args], cwd)
    if sample.code not in (0, 1):
        raise RuntimeError(f"notebook-gen {' '.join(args)} exited {sample.code}: "
                           f"{sample.stderr[-2000:]}")
    return sample.stderr


def import_report(args: list[str], cwd: Path) -> ImportReport:
    return report(importtime_output(args, cwd))


def median_run(reports: list[ImportReport]) -> ImportReport:
    """The run whose budgeted time is the median (the lower middle one of an even count)."""
    ordered = sorted(reports, key=lambda found: found.budgeted_ms)
    return ordered[(len(ordered) - 1) // 2]


def run() -> list[dict[str, Any]]:
    compile_project()  # as installed (see benchmarks.process)
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        work = Path(tmp)
        source, out = make_tree(work / "source", PAGES), work / "out"
        commands = {name: [arg.format(source=source, out=out) for arg in args]
                    for name, args in COMMANDS.items()}
        import_report(commands["no-op build"], work)  # the cold build the no-ops repeat
        runs = alternate({name: lambda args=args: import_report(args, work)
                          for name, args in commands.items()})
    rows = []
    for name, reports in runs.items():
        budgeted = statistics.median(found.budgeted_ms for found in reports)
        rows.append({"name": f"import time, {name} (-X importtime; project and "
                             "dependencies, stdlib in the details)", "value": budgeted,
                     "unit": "ms", "target": f"< {BUDGET_MS:g} ms", "ok": budgeted < BUDGET_MS,
                     "details": describe(median_run(reports))})
    return rows
