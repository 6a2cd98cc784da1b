"""The benchmark's own machinery: turns, medians, process-tree accounting, import-time
reading, stage attribution and the table. No timing is asserted here (benchmarks/ times)."""

from __future__ import annotations

import sys
import textwrap

from benchmarks.__main__ import figure, format_details, format_table
from benchmarks.bench_build import (
    TreeResult,
    built_counts,
    reference_counts,
    row,
    tree_rows,
)
from benchmarks.bench_floor import _exists, importer
from benchmarks.importtime import after_startup, category, parse, report
from benchmarks.process import Sample, Summary, alternate, median_of, run_process
from benchmarks.profile_cold import (
    CELLS,
    PARSE,
    REST,
    STEPS,
    WALK,
    own_times,
    timing_steps,
)
from benchmarks.profile_cold import READ as PAGE_TASK
from benchmarks.stages import IMPORTS, OTHER, by_stage, stage_of
from notebook_gen.build.pages.pagetask import PageOutcome


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


IMPORTTIME = textwrap.dedent("""\
    import time: self [us] | cumulative | imported package
    import time:       100 |        100 |   _io
    import time:       300 |        400 | _frozen_importlib_external
    import time:       500 |        500 | site
    import time:        50 |         50 | runpy
    import time:      1000 |       1000 |       yaml.reader
    import time:      2000 |       3000 |     yaml
    import time:       400 |        400 |     json
    import time:       700 |       4100 |   notebook_gen.convert.frontmatter
    import time:       300 |       4400 | notebook_gen
    import time:       200 |        200 | tqdm
    """)


def test_import_entries_know_their_depth_and_parent() -> None:
    entries = {entry.name: entry for entry in parse(IMPORTTIME)}
    assert entries["yaml.reader"].depth == 3
    assert entries["yaml.reader"].parent == "yaml"
    assert entries["yaml"].parent == "notebook_gen.convert.frontmatter"
    assert entries["_io"].parent == "_frozen_importlib_external"
    assert entries["tqdm"].parent is None


def test_the_interpreter_start_up_is_not_the_projects_import_time() -> None:
    names = [entry.name for entry in after_startup(parse(IMPORTTIME))]
    assert names[0] == "yaml.reader"
    assert "site" not in names and "runpy" not in names
    assert [category(n) for n in ("notebook_gen.x", "json", "yaml")] == [
        "project", "stdlib", "dependency"]


def test_import_report_sums_and_names_the_dearest_imports() -> None:
    found = report(IMPORTTIME)
    assert found.total_ms == 4.6
    assert found.by_category == {"dependency": 3.2, "stdlib": 0.4, "project": 1.0}
    assert found.budgeted_ms == 4.2  # the budget counts the project and its dependencies
    assert found.offenders == [("yaml", 3.0, "notebook_gen.convert.frontmatter"),
                               ("json", 0.4, "notebook_gen.convert.frontmatter"),
                               ("tqdm", 0.2, "(a function, at run time)")]
    assert found.own == [("notebook_gen.convert.frontmatter", 0.7), ("notebook_gen", 0.3)]


SERIALISE = ("/x/notebook_gen/convert/serialize.py", 10, "dumps")
READ = ("/x/notebook_gen/build/pages/pagetask.py", 20, "read_page")
ENCODE = ("/usr/lib/python3.11/json/encoder.py", 30, "encode")
JOIN = ("~", 0, "<method 'join' of 'str' objects>")
BODY = ("/x/notebook_gen/links/urls.py", 1, "<module>")
ORPHAN = ("~", 0, "<built-in method time.sleep>")


def test_stdlib_and_builtin_time_goes_to_the_stage_that_called_it() -> None:
    stats = {
        SERIALISE: (1, 1, 1.0, 2.0, {}),
        READ: (1, 1, 0.2, 0.4, {}),
        ENCODE: (1, 1, 0.5, 0.7, {SERIALISE: (1, 1, 0.5, 0.7)}),
        JOIN: (2, 2, 0.4, 0.4, {ENCODE: (1, 1, 0.2, 0.2), READ: (1, 1, 0.2, 0.2)}),
        BODY: (1, 1, 0.3, 0.3, {}),
        ORPHAN: (1, 1, 0.1, 0.1, {}),
    }
    seconds = {stage: round(value, 6) for stage, value in by_stage(stats).items()}
    assert seconds == {"serialise": 1.7, "read, hash, change check": 0.4, IMPORTS: 0.3,
                       OTHER: 0.1}
    assert list(seconds) == ["serialise", "read, hash, change check", IMPORTS, OTHER]


def test_a_module_no_stage_names_is_still_the_projects() -> None:
    assert stage_of(("/x/notebook_gen/convert/newstage.py", 1, "f")) == "notebook_gen/convert"
    assert stage_of(("/venv/site-packages/markdown_it/main.py", 1, "parse")).startswith("parse")
    assert stage_of(ENCODE) is None


def test_rows_compare_with_the_reference_and_the_goal() -> None:
    fast = row("cold", 1.0, "s", reference=3.5, goal=3)
    slow = row("no-op", 0.5, "s", reference=3.5, goal=20)
    alone = row("mine", 0.5, "s", goal=20)
    assert (fast["ratio"], fast["ok"], fast["target"]) == (3.5, True, ">= 3x")
    assert (slow["ratio"], slow["ok"]) == (7.0, False)
    assert (alone["ratio"], alone["ok"]) == (None, None)


def test_tree_rows_give_cpu_per_page_of_each_converter() -> None:
    result = TreeResult("corpus", 500, 900, Summary(1.0, 2.0, 50, 5), Summary(0.2, 0.2, 40, 5),
                        Summary(3.0, 6.0, 60, 5), (400, 1, 1200),
                        {"--help": Summary(0.3, 0.3, 20, 5)})
    rows = {r["name"].split(": ", 1)[1]: r for r in tree_rows(result)}
    assert rows["no-op rebuild (quick check) vs reference full build"]["ratio"] == 15.0
    cpu = rows["cold build, CPU per page (process tree)"]
    assert (cpu["value"], cpu["reference"], cpu["ratio"]) == (4.0, 15.0, 3.75)
    assert rows["notebook-gen --help vs reference full build"]["ratio"] == 10.0
    assert "reference: 400 pages (1 failed), 1200 notebooks" in \
        rows["cold build, wall (500 pages)"]["details"]


def test_build_outputs_are_read_back() -> None:
    ours = Sample(1, 1, 1, 1, "settings: x\n2382 notebooks in out/: 1170 written, 1212 up to "
                  "date, index updated (779 pages, 790 warnings, 3.6 s)", "")
    noop = Sample(1, 1, 1, 1, "2382 notebooks up to date in out/ (779 pages, 0.2 s)", "")
    marked = Sample(1, 1, 1, 1, "3 notebooks in o/: 3 written (1 of 4 pages marked "
                    "[[open-in-colab]], 0.1 s)", "")
    theirs = Sample(1, 1, 1, 0, 'noise\n{"seconds": 2.0, "pages": 779, "failed": 2}\n', "")
    assert built_counts(ours) == (779, 1170)
    assert built_counts(noop) == (779, 0)
    assert built_counts(marked) == (1, 3)
    assert reference_counts(theirs) == (779, 2)


def test_the_table_shows_ours_the_reference_and_the_ratio() -> None:
    rows = [row("cold build", 1.0, "s", reference=3.7, goal=3, details="  779 pages"),
            {"name": "execute", "value": 2.5, "unit": "s", "target": ">= 1.7", "ok": False}]
    lines = format_table(rows).splitlines()
    assert lines[0].split() == ["benchmark", "ours", "reference", "unit", "ratio", "goal", "ok"]
    assert lines[2].split() == ["cold", "build", "1.00", "3.70", "s", "3.70x", ">=", "3x", "yes"]
    assert lines[3].split() == ["execute", "2.50", "s", ">=", "1.7", "NO"]
    assert format_details(rows) == "cold build:\n  779 pages"
    assert [figure(v) for v in (0.0351, 12.44, 1170.0, 7)] == ["0.035", "12.4", "1,170", "7"]


def test_profiled_functions_are_named_from_their_package() -> None:
    from benchmarks.profile_cold import _where

    assert _where(("/v/lib/python3.11/site-packages/markdown_it/main.py", 5, "parse")) == \
        "markdown_it/main.py:5(parse)"
    assert _where(("/w/bench/notebook_gen/convert/page.py", 3, "f")) == \
        "notebook_gen/convert/page.py:3(f)"
    assert _where(JOIN) == JOIN[2]


def test_a_steps_own_time_leaves_out_the_steps_inside_it() -> None:
    spent = {PARSE: 1.0, WALK: 2.5, CELLS: 4.0, "lint": 0.5, "serialise": 0.25, PAGE_TASK: 5.0,
             "write the notebooks": 0.75}
    own = own_times(spent, total=6.5)
    assert own[PARSE] == 1.0
    assert own[WALK] == 1.5  # page_blocks less the parse inside it
    assert own[CELLS] == 1.5  # convert_page less page_blocks
    assert own[PAGE_TASK] == 0.25  # the page task less convert_page, lint and serialise
    assert own[REST] == 0.75  # the build less the page tasks and the writes
    assert sum(own.values()) == 6.5


def test_timed_steps_are_put_back_after_the_build() -> None:
    from notebook_gen.build.pages import pool

    before = pool.store
    with timing_steps() as spent:
        assert pool.store is not before
        pool.store(PageOutcome("en/a.md", "unchanged"), None)  # type: ignore[arg-type]
    assert pool.store is before
    assert spent["write the notebooks"] >= 0.0 and set(spent) == {s[0] for s in STEPS}


def test_the_floor_imports_only_modules_that_exist() -> None:
    assert _exists("json") and _exists("notebook_gen.build.tree")
    assert not _exists("_winapi") or sys.platform == "win32"
    assert not _exists("org.python.core")
    assert importer([]) == [sys.executable, "-c", "pass"]
    assert importer(["json", "re"])[-1] == "import json, re"
