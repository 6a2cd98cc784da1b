"""Where the time of a cold build goes, stage by stage: ``python -m benchmarks.profile_cold``.

Builds the corpus (or ``SOURCE``; a 500-page synthetic tree when the corpus is absent)
with ``--all --jobs 1`` into a fresh folder, in this process, under :mod:`cProfile`, the
command line's imports included; then prints the time per stage
(:mod:`benchmarks.stages`) and the functions with the most time of their own. A first,
unprofiled build of the same tree as a whole process gives the real wall time (the
profiler roughly doubles it; the shares are what to read). ``--save FILE`` keeps the raw
profile for ``python -m pstats`` or snakeviz. ``make profile`` runs it.

cProfile charges every Python call, so it inflates code made of many small calls (the
parser) against code that runs in C (hashing, writing). A third build, unprofiled, times
only the steps of each page with :func:`time.process_time` (:data:`STEPS`, a handful of
calls per page): those shares are the real ones, and they bound what any one change can
win, a faster parser included.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_build import CORPUS, built_counts, our_build
from benchmarks.process import compile_project
from benchmarks.stages import Func, by_stage, stage_of
from benchmarks.synthetic import make_tree

PARSE, WALK, CELLS = "parse (markdown-it block parse)", "dialect walk and links", \
    "cells, notebooks, GPU"
READ = "read and hash the page"
REST = "tree, inventory, index, manifest"
STEPS = (
    (PARSE, "notebook_gen.convert.blocks", "parse_blocks", WALK),
    (WALK, "notebook_gen.convert.page", "page_blocks", CELLS),
    (CELLS, "notebook_gen.builder.pool", "convert_page", READ),
    ("lint", "notebook_gen.builder.pool", "lint_notebooks", READ),
    ("serialise", "notebook_gen.builder.pool", "_notebook_paths", READ),
    (READ, "notebook_gen.builder.pool", "run_page_task", None),
    ("write the notebooks", "notebook_gen.builder.pool", "store", None),
)
"""The steps of a page: (label, module, the name that module calls the step's function
by, the step it runs inside). A step's own time is its time less that of the steps
inside it."""


def build_argv(source: Path, out: Path) -> list[str]:
    return ["build", str(source), "-o", str(out), "--all", "--jobs", "1"]


def profile_build(source: Path, out: Path) -> tuple[cProfile.Profile, float, str]:
    """A cold build in this process under cProfile: (profile, seconds, its stdout). The
    command line is imported inside the profile (nothing of it is imported before)."""
    profile = cProfile.Profile()
    captured = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(io.StringIO()):
        profile.enable()
        try:
            importlib.import_module("notebook_gen.cli").main(build_argv(source, out))
        finally:
            profile.disable()
    return profile, time.perf_counter() - started, captured.getvalue()


@contextlib.contextmanager
def timing_steps() -> Iterator[dict[str, float]]:
    """CPU seconds spent in each step of :data:`STEPS` while the block runs (the step's
    function is wrapped where its caller looks it up, and put back afterwards)."""
    spent = {label: 0.0 for label, _, _, _ in STEPS}
    patched = []
    for label, module_name, name, _ in STEPS:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(*args: Any, _original: Any = original, _label: str = label,
                  **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] += time.process_time() - started

        setattr(module, name, timed)
        patched.append((module, name, original))
    try:
        yield spent
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


def own_times(spent: dict[str, float], total: float) -> dict[str, float]:
    """Each step's own CPU seconds (its time less the steps inside it), and the rest of the
    build's ``total``: the tree's reading, the link inventory, the index, the manifest."""
    own = dict(spent)
    for label, _, _, parent in STEPS:
        if parent is not None:
            own[parent] -= spent[label]
    own[REST] = total - sum(spent[label] for label, _, _, parent in STEPS if parent is None)
    return own


def timed_build(source: Path, out: Path) -> tuple[dict[str, float], float]:
    """A cold build in this process with the steps timed: (:func:`own_times`, CPU seconds
    of the whole build). Its imports are done already (by the profiled build)."""
    main = importlib.import_module("notebook_gen.cli").main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            timing_steps() as spent:
        started = time.process_time()
        main(build_argv(source, out))
        total = time.process_time() - started
    return own_times(spent, total), total


def describe_steps(own: dict[str, float], total: float) -> str:
    lines = [f"{'step (unprofiled CPU)':40} {'seconds':>8} {'share':>6}"]
    lines += [f"{label:40} {seconds:8.2f} {100 * seconds / total:5.1f}%"
              for label, seconds in own.items()]
    lines.append(f"{'total':40} {total:8.2f}")
    parse = own[PARSE]
    lines.append(f"a parser that cost nothing: {total / (total - parse):.2f}x less CPU; 2x "
                 f"less needs the other steps' {total - parse:.2f} s cut to {total / 2:.2f} s")
    return "\n".join(lines)


def _where(func: Func) -> str:
    path, line, name = func
    if path == "~":
        return name
    parts = Path(path).parts
    anchor = next((i for i, part in enumerate(parts) if part in ("notebook_gen",
                                                                 "site-packages")), None)
    short = "/".join(parts[anchor:] if anchor is not None else parts[-2:])
    return f"{short.removeprefix('site-packages/')}:{line}({name})"


def describe(stats: pstats.Stats, top: int) -> str:
    table = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in table.values())
    lines = [f"{'stage':40} {'seconds':>8} {'share':>6}"]
    for stage, seconds in by_stage(table).items():
        lines.append(f"{stage:40} {seconds:8.2f} {100 * seconds / total:5.1f}%")
    lines.append(f"{'total (profiled)':40} {total:8.2f}")
    lines += ["", f"top {top} functions by own time:"]
    dearest = sorted(table.items(), key=lambda item: -item[1][2])[:top]
    for func, entry in dearest:
        stage = stage_of(func) or "(charged to callers)"
        lines.append(f"  {entry[2]:6.2f} s {100 * entry[2] / total:5.1f}%  {_where(func)}"
                     f"  [{stage}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_cold",
                                     description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", nargs="?", type=Path, help="docs root (default: corpus)")
    parser.add_argument("--top", type=int, default=25, help="functions listed (default 25)")
    parser.add_argument("--save", type=Path, help="write the raw profile to this file")
    args = parser.parse_args(argv)
    compile_project()  # as installed (see benchmarks.process)
    with tempfile.TemporaryDirectory(prefix="profile-cold-") as tmp:
        work = Path(tmp)
        source = args.source or (CORPUS if CORPUS.is_dir() else
                                 make_tree(work / "synthetic", 500))
        # Unprofiled first, as a whole process (this also warms the OS cache).
        whole = our_build(source, work / "unprofiled", work, "--jobs", "1")
        pages, notebooks = built_counts(whole)
        with contextlib.chdir(work):  # as in the whole-process runs: no pyproject.toml
            profile, seconds, _ = profile_build(source, work / "profiled")
            own, total = timed_build(source, work / "timed")
    print(f"cold build of {source} (--all --jobs 1): {pages} pages, {notebooks} notebooks")
    print(f"whole process, unprofiled: {whole.wall:.2f} s wall, {whole.cpu:.2f} s CPU; "
          f"in process under cProfile: {seconds:.2f} s\n")
    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    print(describe(stats, args.top))
    print()
    print(describe_steps(own, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
