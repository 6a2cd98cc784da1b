"""Build benchmarks, whole process, against the reference converter.

Every figure is a whole process as a user runs it (``notebook-gen build SRC -o OUT --all``,
interpreter start and imports included), timed from the outside by
:mod:`benchmarks.process`: wall time, CPU seconds of the process tree (the parent and its
worker processes), peak memory of the largest process. Our cold build (a fresh output
folder each run), our no-op rebuilds (the same tree again), ``--help``/``--version`` and the
reference's full build take turns within one run, ``ROUNDS`` times each (at least 5), and
the medians are compared. The no-op is settled by the quick check
(:mod:`notebook_gen.builder.quick`). Runs are in a temporary folder with no
``pyproject.toml``, so the defaults apply. The OS cache is left as a user has it
(pages read by earlier runs stay cached, for both converters alike).

The reference is hf-doc-builder 0.5.0 in ``.venv-bench`` (``make bench`` installs it),
driven by ``benchmarks/reference_build.py`` as its own process: it calls
``generate_notebooks_from_file`` on every page, which is what ``doc-builder build
--notebook_dir`` does for each page it converts (the rest of ``doc-builder build`` renders
the docs site and imports the documented library, which is not notebook work). It has no
incremental build: our no-op is compared with its full build. Without it, its rows show
only our figures.

Trees: the corpus (``../shared/corpus/transformers/docs/source``, skipped when absent), a
500-page synthetic tree, and a 5,000-page one for the memory rows (ours only).

Goals (issue 14): cold build >= 3x faster in wall time and >= 2x less CPU per page; no-op
rebuild, ``--help`` and ``--version`` >= 20x faster than the reference's full build; peak
memory at 5,000 pages <= 1.5x that at 500.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.process import Sample, Summary, alternate, compile_project, median_of, run_process
from benchmarks.synthetic import make_tree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "transformers" / "docs" / "source"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
REFERENCE_SCRIPT = ROOT / "benchmarks" / "reference_build.py"
SYNTHETIC, LARGE = 500, 5000
LARGE_ROUNDS = 2
"""Cold builds of the 5,000-page tree (memory is its largest peak, not a median)."""
COLD_GOAL, CPU_GOAL, NOOP_GOAL, MEMORY_GROWTH = 3.0, 2.0, 20.0, 1.5
STARTUP = {"--help": ["--help"], "--version": ["--version"]}

_SUMMARY = re.compile(r"^\d+ notebooks? (?:up to date )?in .*?(?:: (?P<done>.*?))? "
                      r"\((?P<pages>\d+)(?: of \d+)? pages?\b", re.MULTILINE)
"""The build's summary line: ``2382 notebooks in out/: 2382 written, index updated (779
pages, ...)`` or ``2382 notebooks up to date in out/ (779 pages, ...)``."""
_WRITTEN = re.compile(r"\b(\d+) written\b")


def our_command() -> list[str]:
    """``notebook-gen`` as installed beside this Python (what a user runs), else ``-m``."""
    script = Path(sys.executable).with_name("notebook-gen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "notebook_gen"]


def reference_available() -> bool:
    if not BENCH_PYTHON.is_file():
        return False
    probe = [str(BENCH_PYTHON), "-c", "import doc_builder.convert_to_notebook"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _failed(what: str, sample: Sample) -> RuntimeError:
    return RuntimeError(f"{what} exited {sample.code}: {sample.stderr[-2000:]}")


def our_build(source: Path, out: Path, cwd: Path, *options: str) -> Sample:
    """One ``notebook-gen build --all``; exit 1 (some page failed) still measures a build."""
    sample = run_process([*our_command(), "build", str(source), "-o", str(out), "--all",
                          *options], cwd)
    if sample.code not in (0, 1) or not _SUMMARY.search(sample.stdout):
        raise _failed("notebook-gen build", sample)
    return sample


def built_counts(sample: Sample) -> tuple[int, int]:
    """(pages, notebooks written) from our build's summary line."""
    found = _SUMMARY.search(sample.stdout)
    if found is None:
        raise ValueError(f"no build summary in: {sample.stdout[-500:]!r}")
    written = _WRITTEN.search(found["done"] or "")
    return int(found["pages"]), int(written[1]) if written else 0


def reference_build(source: Path, out: Path, cwd: Path) -> Sample:
    sample = run_process([str(BENCH_PYTHON), str(REFERENCE_SCRIPT), str(source), str(out)], cwd)
    if sample.code != 0:
        raise _failed("reference build", sample)
    return sample


def reference_counts(sample: Sample) -> tuple[int, int]:
    """(pages, pages it failed on) from the reference script's JSON line."""
    report = json.loads(sample.stdout.strip().splitlines()[-1])
    return int(report["pages"]), int(report["failed"])


def startup(args: list[str], cwd: Path) -> Sample:
    sample = run_process([*our_command(), *args], cwd)
    if sample.code != 0:
        raise _failed(f"notebook-gen {' '.join(args)}", sample)
    return sample


def fresh_build(build: Callable[[Path, Path, Path], Sample], source: Path, work: Path,
                prefix: str) -> Callable[[], Sample]:
    """A cold build: a new output folder each run, removed afterwards (not timed)."""
    numbers = itertools.count()

    def run() -> Sample:
        out = work / f"{prefix}{next(numbers)}"
        try:
            return build(source, out, work)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    return run


@dataclass(frozen=True)
class TreeResult:
    label: str
    pages: int
    notebooks: int
    cold: Summary
    noop: Summary
    """A rebuild with nothing changed: the quick check."""
    reference: Summary | None = None
    reference_pages: tuple[int, int, int] = (0, 0, 0)
    """(pages, failed, notebooks) of the reference's build."""
    startup: dict[str, Summary] = field(default_factory=dict)


def _warm_up(source: Path, work: Path, built: Path) -> tuple[int, int]:
    """A first build (the folder the no-ops rebuild) and a check that a rebuild of it is a
    no-op (a benchmark of the wrong thing would be worse than none)."""
    pages, notebooks = built_counts(our_build(source, built, work))
    written = built_counts(our_build(source, built, work))[1]
    if written:
        raise RuntimeError(f"the rebuild of {source} wrote {written} notebooks: not a no-op")
    return pages, notebooks


def _reference_warm_up(source: Path, work: Path) -> tuple[int, int, int]:
    out = work / "reference-warm-up"
    pages, failed = reference_counts(reference_build(source, out, work))
    notebooks = sum(1 for _ in out.rglob("*.ipynb"))
    shutil.rmtree(out, ignore_errors=True)
    return pages, failed, notebooks


def measure_tree(label: str, source: Path, work: Path, extra: dict[str, list[str]],
                 with_reference: bool) -> TreeResult:
    """Warm up, then our cold build, the reference, our no-op and ``extra`` commands in
    alternation, ``ROUNDS`` times each."""
    work.mkdir(parents=True, exist_ok=True)
    built = work / "built"
    pages, notebooks = _warm_up(source, work, built)
    variants: dict[str, Callable[[], Sample]] = {
        "cold": fresh_build(our_build, source, work, "cold")}
    reference_pages = (0, 0, 0)
    if with_reference:
        reference_pages = _reference_warm_up(source, work)
        variants["reference"] = fresh_build(reference_build, source, work, "reference")
    variants["noop"] = lambda: our_build(source, built, work)
    for name, args in extra.items():
        variants[name] = lambda args=args: startup(args, work)
    runs = {name: median_of(samples) for name, samples in alternate(variants).items()}
    return TreeResult(label, pages, notebooks, runs["cold"], runs["noop"],
                      runs.get("reference"), reference_pages,
                      {name: runs[name] for name in extra})


def row(name: str, value: float | str, unit: str, *, reference: float | None = None,
        goal: float | None = None, details: str = "") -> dict[str, Any]:
    """A table row; with a reference figure, the ratio reference / ours and, with a goal,
    whether the ratio reaches it (higher is better for every ratio of this table)."""
    ratio = reference / value if reference is not None and isinstance(value, float) and \
        value > 0 else None
    ok = None if ratio is None or goal is None else ratio >= goal
    return {"name": name, "value": value, "unit": unit, "reference": reference,
            "ratio": ratio, "target": "" if goal is None else f">= {goal:g}x", "ok": ok,
            "details": details}


def tree_rows(result: TreeResult) -> list[dict[str, Any]]:
    ref = result.reference
    ours_cpu = 1000 * result.cold.cpu / result.pages
    ref_cpu = 1000 * ref.cpu / result.reference_pages[0] if ref else None
    ref_pages, ref_failed, ref_notebooks = result.reference_pages
    counts = f"  ours: {result.pages} pages, {result.notebooks} notebooks" + (
        f"; reference: {ref_pages} pages ({ref_failed} failed), {ref_notebooks} notebooks"
        if ref else "")
    label = result.label
    return [
        row(f"{label}: cold build, wall ({result.pages} pages)", result.cold.wall, "s",
            reference=ref and ref.wall, goal=COLD_GOAL, details=counts),
        row(f"{label}: cold build, CPU per page (process tree)", ours_cpu, "ms",
            reference=ref_cpu, goal=CPU_GOAL),
        row(f"{label}: no-op rebuild (quick check) vs reference full build",
            result.noop.wall, "s", reference=ref and ref.wall, goal=NOOP_GOAL),
        *(row(f"{label}: notebook-gen {name} vs reference full build", summary.wall, "s",
              reference=ref and ref.wall, goal=NOOP_GOAL)
          for name, summary in result.startup.items()),
        row(f"{label}: peak memory, cold (largest process)", result.cold.peak_mb, "MB",
            reference=ref and ref.peak_mb),
    ]


def measure_large(source: Path, work: Path) -> tuple[Summary, Summary]:
    """Our cold build and no-op of a large tree, ``LARGE_ROUNDS`` times each."""
    work.mkdir(parents=True, exist_ok=True)
    colds, noops = [], []
    for number in range(LARGE_ROUNDS):
        out = work / f"cold{number}"
        colds.append(our_build(source, out, work))
        noops.append(our_build(source, out, work))
        shutil.rmtree(out, ignore_errors=True)
    return median_of(colds), median_of(noops)


def large_rows(small: Summary, cold: Summary, noop: Summary) -> list[dict[str, Any]]:
    growth = cold.peak_mb / small.peak_mb
    return [
        row(f"synthetic {LARGE}: cold build (ours only)", cold.wall, "s"),
        row(f"synthetic {LARGE}: no-op rebuild, first after a build", noop.wall, "s"),
        row(f"synthetic {LARGE}: peak memory, cold (largest process)", cold.peak_mb, "MB"),
        {"name": f"peak memory {LARGE} vs {SYNTHETIC} pages", "value": growth, "unit": "x",
         "target": f"<= {MEMORY_GROWTH:g}x", "ok": growth <= MEMORY_GROWTH},
    ]


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    compile_project()  # as installed (see benchmarks.process)
    with_reference = reference_available()
    if not with_reference:
        rows.append(row("reference (hf-doc-builder 0.5.0) not installed: ours only", "", ""))
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        if CORPUS.is_dir():
            rows += tree_rows(measure_tree("corpus", CORPUS, work / "corpus", {},
                                           with_reference))
        else:
            rows.append(row(f"corpus: skipped, {CORPUS} is absent", "", ""))
        source = make_tree(work / "tree500" / "source", SYNTHETIC)
        small = measure_tree(f"synthetic {SYNTHETIC}", source, work / "tree500", STARTUP,
                             with_reference)
        rows += tree_rows(small)
        shutil.rmtree(work / "tree500", ignore_errors=True)
        large = make_tree(work / "tree5000" / "source", LARGE)
        rows += large_rows(small.cold, *measure_large(large, work / "tree5000"))
    return rows
