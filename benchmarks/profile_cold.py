"""Where the time of a cold build goes, stage by stage: ``python -m benchmarks.profile_cold``.

Builds the corpus (or ``SOURCE``; a 500-page synthetic tree when the corpus is absent)
with ``--all --jobs 1`` into a fresh folder, in this process, under :mod:`cProfile`, the
command line's imports included; then prints the time per stage
(:mod:`benchmarks.stages`) and the functions with the most time of their own. A first,
unprofiled build of the same tree as a whole process gives the real wall time (the
profiler roughly doubles it; the shares are what to read). ``--save FILE`` keeps the raw
profile for ``python -m pstats`` or snakeviz. ``make profile`` runs it.
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
from pathlib import Path

from benchmarks.bench_build import CORPUS, built_counts, our_build
from benchmarks.process import compile_project
from benchmarks.stages import Func, by_stage, stage_of
from benchmarks.synthetic import make_tree


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
    print(f"cold build of {source} (--all --jobs 1): {pages} pages, {notebooks} notebooks")
    print(f"whole process, unprofiled: {whole.wall:.2f} s wall, {whole.cpu:.2f} s CPU; "
          f"in process under cProfile: {seconds:.2f} s\n")
    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    print(describe(stats, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
