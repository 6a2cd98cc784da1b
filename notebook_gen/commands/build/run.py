"""``notebook-gen build``, what it does: options (from the command line and
``[tool.notebook-gen]``) in, a build run, a summary out. Its arguments are in the package's
``__init__``."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from notebook_gen.build.inputs.discover import docs_root_label
from notebook_gen.build.pages.stopping import sigterm_as_interrupt
from notebook_gen.build.state.replay import save_record
from notebook_gen.build.tree import BuildOptions, BuildReport, build
from notebook_gen.commands.build import jobs_count
from notebook_gen.commands.build.hints import check_selection, explain_nothing
from notebook_gen.commands.build.output import (
    Transcript,
    progress_for,
    summary_line,
    warning_lines,
)
from notebook_gen.commands.build.repository import git_probes, place
from notebook_gen.commands.external import externals_from
from notebook_gen.commands.options import UsageError
from notebook_gen.convert.gpu import GpuOptions
from notebook_gen.convert.options import DEFAULT_SKIP_PATTERNS, LAYOUTS, SITE, ConvertOptions
from notebook_gen.errors import PageError
from notebook_gen.links.context import LinkContext
from notebook_gen.links.source_folder import package_folder, probed_paths
from notebook_gen.lint.options import LintOptions
from notebook_gen.settings import (
    find_pyproject,
    load_settings,
    pyproject_candidates,
    settings_note,
)


def _checked_jobs(value: Any) -> int:
    """``jobs`` from the settings file, checked as the command line checks it."""
    try:
        return jobs_count(str(value).lower() if isinstance(value, bool) else str(value))
    except argparse.ArgumentTypeError as error:
        raise UsageError(f"[tool.notebook-gen] jobs: {error}") from None


def _check_out(source: Path, out: Path) -> None:
    """The output folder must not be the docs folder or inside it: its index and
    notebooks would be read as pages on the next build."""
    try:
        inside = out.resolve().is_relative_to(source.resolve())
    except (OSError, RuntimeError):  # a link loop: the build reports it
        return
    if inside:
        raise UsageError(f"{out}: the output folder is inside the docs folder "
                         f"{source}; its index would be read as a page: choose a folder "
                         "outside it")


def _setting(args: argparse.Namespace, settings: dict[str, Any], name: str, default: Any) -> Any:
    value = getattr(args, name, None)
    if value is not None:
        return value
    return settings.get(name, default)


def options_from(args: argparse.Namespace, settings: dict[str, Any],
                 notes: list[str] | None = None, project: Path | None = None) -> BuildOptions:
    """Command line first, then ``[tool.notebook-gen]``, then the defaults. What was decided
    without being asked (the inferred repository) is appended to ``notes``; ``project`` is the
    folder of the ``pyproject.toml`` the settings came from."""
    source = Path(_setting(args, settings, "source", "docs/source"))
    if not source.is_dir():
        raise UsageError(f"{source}: no such docs folder")
    langs = _setting(args, settings, "lang", ())
    if isinstance(langs, str):
        langs = tuple(code.strip() for code in langs.split(",") if code.strip())
    check_selection(source, langs, _setting(args, settings, "page_glob", None))
    variants = str(_setting(args, settings, "variants", SITE))
    if variants not in LAYOUTS:
        raise UsageError(f"[tool.notebook-gen] variants: {variants!r} is not one of "
                         f"{', '.join(LAYOUTS)}")
    convert = ConvertOptions(
        skip_patterns=tuple(_setting(args, settings, "skip_patterns", DEFAULT_SKIP_PATTERNS)),
        docs_root=docs_root_label(source),
        gpu=GpuOptions.from_settings(settings),
        variants=variants,
    )
    if _setting(args, settings, "links", True):
        convert = _with_links(convert, args, settings)
    out = Path(_setting(args, settings, "out", "notebooks_out"))
    _check_out(source, out)
    placed = place(out, _setting(args, settings, "repository", None),
                   str(_setting(args, settings, "branch", "main")),
                   _setting(args, settings, "notebooks_path", None), project)
    if notes is not None:
        notes.extend(placed.notes)
    return BuildOptions(
        source=source,
        out=out,
        all_pages=bool(_setting(args, settings, "all_pages", False)),
        langs=tuple(langs),
        page_glob=_setting(args, settings, "page_glob", None),
        jobs=_checked_jobs(_setting(args, settings, "jobs", 0)),
        force=bool(_setting(args, settings, "force", False)),
        clean=bool(_setting(args, settings, "clean", False)),
        check=bool(_setting(args, settings, "check", False)),
        strict=bool(_setting(args, settings, "strict", False)),
        strict_links=bool(_setting(args, settings, "strict_links", False)),
        convert=convert,
        lint=LintOptions.from_settings(settings),
        externals=externals_from(args, settings) if convert.link_context else (),
        package=_setting(args, settings, "package", None) or None,
        index=placed.links,
    )


def _with_links(convert: ConvertOptions, args: argparse.Namespace,
                settings: dict[str, Any]) -> ConvertOptions:
    """Resolve links statically from the tree's own ``[[autodoc]]`` inventory (which the
    build makes from its one read of every page); the build settles the package."""
    context = LinkContext(
        docs_url=_setting(args, settings, "docs_url", LinkContext.docs_url),
        package=_setting(args, settings, "package", None) or "",
        version=_setting(args, settings, "doc_version", LinkContext.version),
        raw_base=_setting(args, settings, "raw_base", None),
    )
    return replace(convert, link_context=context)


def print_report(report: BuildReport, options: BuildOptions, verbose: bool,
                 out: TextIO | None = None, err: TextIO | None = None) -> str:
    """Notes, warnings, errors and a hint when no page was selected, on ``out`` and ``err``
    (stdout and stderr), then the summary on stdout, which it returns."""
    out, err = out or sys.stdout, err or sys.stderr
    for note in report.notes:
        print(note, file=out, flush=True)
    for line in warning_lines(report.warnings, verbose):
        print(line, file=err)
    for error in report.errors:
        print(f"error: {error}", file=err)
    if options.check:
        for relative in report.stale:
            print(f"stale: {relative}", file=out)
    hint = explain_nothing(report, options)
    if hint is not None:
        print(f"hint: {hint}", file=err, flush=True)
    err.flush()
    summary = summary_line(report, options.out, options.check)
    print(summary, flush=True)
    return summary


def _leave_record(args: argparse.Namespace, options: BuildOptions, report: BuildReport,
                  printed: Transcript, summary: str, started_ns: int) -> None:
    """A no-op build's record, for the same command to replay (see
    :mod:`notebook_gen.build.state.replay`): the summary is kept up to its elapsed time;
    what the build looked at besides its trees is where settings are looked for (above
    the docs and the working folder), what git read, and where the package's source was
    looked for."""
    command_line = getattr(args, "command_line", None)
    if command_line is None or options.externals or options.force or options.check:
        return  # other libraries' trees are not covered; --force and --check ask for work
    probes = [str(path) for path in (*pyproject_candidates(options.source),
                                     *pyproject_candidates(Path.cwd()),
                                     *git_probes(options.out),
                                     *probed_paths(options.source, report.link_package))]
    folder = package_folder(options.source, report.link_package)
    elapsed = f"{report.seconds:.1f} s)"
    if not summary.endswith(elapsed):  # the replay prints its own elapsed time there
        return
    save_record(command_line, printed.chunks, summary.removesuffix(elapsed),
                str(options.source), str(options.out), probes, started_ns,
                None if folder is None else str(folder))


def run(args: argparse.Namespace) -> int:
    started_ns = time.time_ns()
    # The settings of the project that holds the docs: the nearest pyproject.toml at or
    # above the docs source (as ruff and black find theirs), or the working folder's.
    start = Path(args.source) if args.source else Path.cwd()
    notes: list[str] = []
    try:
        pyproject = find_pyproject(start)
        settings = load_settings(pyproject)
        notes.append(settings_note(pyproject, start))
        options = options_from(args, settings, notes, pyproject.parent if pyproject else None)
    except (PageError, UsageError) as error:
        print(f"notebook-gen build: error: {error}", file=sys.stderr)
        if isinstance(error, UsageError) and error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        return 2
    printed = Transcript(sys.stdout, sys.stderr)
    progress = progress_for(sys.stderr if sys.stderr.isatty() else printed.err,
                            options.source, options.out)  # a bar is not replayed
    with sigterm_as_interrupt():
        report = build(options, progress=progress)
    report.notes[:0] = notes
    summary = print_report(report, options, args.verbose, printed.out, printed.err)
    if report.ok and report.no_op:
        _leave_record(args, options, report, printed, summary, started_ns)
    return 0 if report.ok else 1
