"""What the first no-op after a build costs, layer by layer, against 1/20 of the reference.

A no-op is settled by the quick check (:mod:`notebook_gen.builder.quick`). Issue 14 asks
it to be 20x faster than the reference's full build. This benchmark splits the whole
process into what it cannot do without, each layer a whole process of its own, run in
alternation with the others and with the reference (medians of ``ROUNDS``):

1. the interpreter starting (``python -c pass``);
2. plus the standard-library modules the no-op imports (the list is read from a
   ``-X importtime`` run of the no-op itself);
3. plus the project's modules it imports (the details say how much of that is spent
   creating dataclasses: on Python 3.11 each one compiles its methods with six ``exec``
   calls);
4. the no-op itself: the above, then the argument parser and the check (``stat`` of every
   page and notebook, the manifest read).

The rows print each layer's time and what it adds; the last row compares the no-op with
1/20 of the reference's build of the same 500-page synthetic tree. It explains the
``no-op rebuild`` row of :mod:`benchmarks.bench_build`: which part of the budget
the interpreter and the imports already spend. No goal of its own.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_build import (
    NOOP_GOAL,
    SYNTHETIC,
    fresh_build,
    our_build,
    our_command,
    reference_available,
    reference_build,
    row,
)
from benchmarks.bench_imports import importtime_output
from benchmarks.importtime import after_startup, category, parse
from benchmarks.process import alternate, compile_project, run_process
from benchmarks.synthetic import make_tree

DATACLASS_PROBE = """
import dataclasses, importlib, json, sys, time
spent, made = [0.0], [0]
create = getattr(dataclasses, "_process_class", None)  # CPython's; absent elsewhere
if create is not None:
    def timed(*args):
        started = time.perf_counter()
        try:
            return create(*args)
        finally:
            spent[0] += time.perf_counter() - started
            made[0] += 1
    dataclasses._process_class = timed
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps({"made": made[0], "ms": 1000 * spent[0], "probed": create is not None}))
"""
"""Imports the given modules and prints how many dataclasses they created and the time
spent creating them (``dataclasses._process_class``, wrapped)."""


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def imported_modules(args: list[str], cwd: Path) -> dict[str, list[str]]:
    """The modules ``notebook-gen ARGS`` imports beyond the interpreter's own start, by
    category (``stdlib``, ``project``, ``dependency``), in the order their imports
    finished; without the ones it only tried (``-X importtime`` lists ``_winapi`` too, say,
    which ``subprocess`` tries and does without on POSIX)."""
    found: dict[str, list[str]] = {"stdlib": [], "project": [], "dependency": []}
    for entry in after_startup(parse(importtime_output(args, cwd))):
        if _exists(entry.name):
            found[category(entry.name)].append(entry.name)
    return found


def importer(modules: list[str]) -> list[str]:
    """A whole process that imports ``modules`` and does nothing else."""
    return [sys.executable, "-c", "import " + ", ".join(modules) if modules else "pass"]


def run() -> list[dict[str, Any]]:
    compile_project()  # as installed (see benchmarks.process)
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        work = Path(tmp)
        source, out = make_tree(work / "source", SYNTHETIC), work / "out"
        our_build(source, out, work)  # the build the no-ops repeat
        time.sleep(1.1)  # its files then look to the quick check as a user's do
        noop = ["build", str(source), "-o", str(out), "--all"]
        modules = imported_modules(noop, work)
        stdlib = modules["stdlib"]
        everything = stdlib + modules["dependency"] + modules["project"]
        imports = f"+ {len(everything) - len(stdlib)} project modules"
        whole = "+ parser and check: the no-op (quick check)"
        layers = {
            "interpreter start": importer([]),
            f"+ {len(stdlib)} standard-library modules": importer(stdlib),
            imports: importer(everything),
            whole: [*our_command(), *noop],  # as bench_build runs it
        }
        variants = {name: (lambda argv=argv: run_process(argv, work).wall)
                    for name, argv in layers.items()}
        if reference_available():
            reference = fresh_build(reference_build, source, work, "reference")
            variants["reference"] = lambda: reference().wall
        runs = alternate(variants)
        probe = run_process([sys.executable, "-c", DATACLASS_PROBE, *modules["project"]],
                            work)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    rows, before = [], 0.0
    for name in layers:
        added = f" (+{1000 * (medians[name] - before):.1f} ms)" if before else ""
        rows.append(row(f"synthetic {SYNTHETIC} no-op floor: {name}{added}",
                        1000 * medians[name], "ms"))
        before = medians[name]
    created = json.loads(probe.stdout) if probe.code == 0 else None
    details = [f"  the project's modules create {created['made']} dataclasses: "
               f"{created['ms']:.1f} ms of their import" if created and created["probed"]
               else "  dataclass creation: not measured on this Python"]
    if "reference" in medians:
        budget = 1000 * medians["reference"] / NOOP_GOAL
        details.append(f"  1/{NOOP_GOAL:g} of the reference's build: {budget:.1f} ms; the "
                       f"no-op: {1000 * medians[whole]:.1f} ms; its imports alone: "
                       f"{1000 * medians[imports]:.1f} ms")
        rows.append(row(f"synthetic {SYNTHETIC} no-op vs 1/{NOOP_GOAL:g} of the reference "
                        "build (budget)", 1000 * medians[whole], "ms", reference=budget))
    rows[-1]["details"] = "\n".join(details)
    return rows
