"""``notebook-gen execute``, what it does: one call into the pipeline, the reports. Its
arguments are in :mod:`.execute`."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from notebook_gen.errors import NotebookGenError
from notebook_gen.execute.api import run
from notebook_gen.execute.jobs import Selection, common_root
from notebook_gen.execute.options import ExecuteOptions, OutputCheck
from notebook_gen.execute.results import NotebookResult, SourceRepository
from notebook_gen.execute.shard import parse_shard, read_durations
from notebook_gen.report import console, formats

INTERRUPTED = 130


def execute_command(args: argparse.Namespace) -> int:
    """Run the notebooks the arguments name; print and write the reports; the exit status."""
    try:
        options, selection = _options(args), _selection(args)
        paths = args.notebooks or [Path("notebooks_out")]
        repository = _repository(paths, args)
        report = run(paths, options, selection, None if args.quiet else _print_progress)
    except (NotebookGenError, ValueError) as error:
        print(f"notebook-gen execute: {error}", file=sys.stderr)
        return 2
    report = replace(report, repository=repository)
    sys.stdout.write(console.render(report))
    for warning in report.warnings:
        print(f"warning: {console.visible(warning)}", file=sys.stderr)
    formats.write_requested(report, args)
    if report.interrupted:
        return INTERRUPTED
    return 1 if report.failed else 0


def _options(args: argparse.Namespace) -> ExecuteOptions:
    return ExecuteOptions(
        kernel=args.kernel,
        jobs=args.jobs,
        timeout=args.timeout,
        notebook_timeout=args.notebook_timeout,
        no_install=args.no_install,
        check_outputs=OutputCheck(args.check_outputs),
        retries=args.retries,
        write_executed=args.write_executed,
        cache=args.cache,
        sandbox=args.sandbox,
    )


def _repository(paths: list[Path], args: argparse.Namespace) -> SourceRepository | None:
    """Where the notebooks and their pages are on GitHub (``--repository``, else the
    ``origin`` remote), with the path of the folder their names are relative to; asked only
    when a report file is written (the console shows no links)."""
    if not any(getattr(args, fmt.name, None) is not None for fmt in formats.FORMATS):
        return None
    # Imported here: git and the build's option table cost a run that writes no file.
    from notebook_gen.commands.build.repository import git_toplevel, repository_of

    existing = [path for path in paths if os.path.lexists(path)]
    root = Path(common_root(existing)).resolve()
    repository = repository_of(root, args.repository)
    if not repository:
        return None
    top = git_toplevel(root) or Path.cwd().resolve()
    path = root.relative_to(top).as_posix() if root.is_relative_to(top) else None
    return SourceRepository(repository, args.branch, "" if path == "." else path)


def _selection(args: argparse.Namespace) -> Selection:
    shard = None if args.shard is None else parse_shard(args.shard)
    durations = {} if args.durations is None else read_durations(args.durations)
    return Selection(tuple(args.select), tuple(args.lang), shard, durations)


def _print_progress(result: NotebookResult) -> None:
    name = console.visible(result.name)
    print(f"{result.status.value:>8} {result.seconds:6.1f} s  {name}", file=sys.stderr)
