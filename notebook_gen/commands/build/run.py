"""``notebook-gen build``, what it does: options (from the command line and
``[tool.notebook-gen]``) in, a build run, a summary out. Its arguments are in the package's
``__init__``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from notebook_gen.build.inputs.discover import docs_root_label
from notebook_gen.build.pages.stopping import sigterm_as_interrupt
from notebook_gen.build.tree import BuildOptions, BuildReport, build
from notebook_gen.commands.build.hints import check_selection, explain_nothing
from notebook_gen.commands.build.output import progress_for, summary_line, warning_lines
from notebook_gen.commands.build.repository import place
from notebook_gen.commands.options import UsageError
from notebook_gen.commands.settings import externals_from, read_settings, resolve
from notebook_gen.convert.gpu import GpuOptions
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.errors import PageError
from notebook_gen.links.urls import LinkContext
from notebook_gen.lint.checks import LintOptions
from notebook_gen.settings import find_pyproject, settings_note


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


def options_from(args: argparse.Namespace, settings: dict[str, Any],
                 notes: list[str] | None = None, project: Path | None = None) -> BuildOptions:
    """Command line first, then ``[tool.notebook-gen]`` (checked), then the defaults. What
    was decided without being asked (the inferred repository) is appended to ``notes``;
    ``project`` is the folder of the ``pyproject.toml`` the settings came from."""
    values = resolve(args, settings, "build")
    source = Path(values["source"])
    if not source.is_dir():
        raise UsageError(f"{source}: no such docs folder")
    check_selection(source, values["lang"], values["page_glob"])
    convert = ConvertOptions(
        skip_patterns=tuple(values["skip_patterns"]),
        docs_root=docs_root_label(source),
        gpu=GpuOptions.from_settings(settings),
        variants=values["variants"],
    )
    if values["links"]:
        convert = _with_links(convert, values)
    out = Path(values["out"])
    _check_out(source, out)
    placed = place(out, values["repository"], values["branch"], values["notebooks_path"],
                   project)
    if notes is not None:
        notes.extend(placed.notes)
    return BuildOptions(
        source=source,
        out=out,
        all_pages=values["all_pages"],
        langs=tuple(values["lang"]),
        page_glob=values["page_glob"],
        jobs=values["jobs"],
        force=values["force"],
        clean=values["clean"],
        check=values["check"],
        strict=values["strict"],
        strict_links=values["strict_links"],
        convert=convert,
        lint=LintOptions.from_settings(settings),
        externals=externals_from(args, settings) if convert.link_context else (),
        package=values["package"] or None,
        index=placed.links,
        max_page_size=values["max_page_size"],
    )


def _with_links(convert: ConvertOptions, values: dict[str, Any]) -> ConvertOptions:
    """Resolve links statically from the tree's own ``[[autodoc]]`` inventory (which the
    build makes from its one read of every page); the build settles the package."""
    context = LinkContext(
        docs_url=values["docs_url"],
        package=values["package"] or "",
        version=values["doc_version"],
        raw_base=values["raw_base"],
    )
    return replace(convert, link_context=context)


def print_report(report: BuildReport, options: BuildOptions, verbose: bool) -> None:
    """Notes, warnings, errors and a hint when no page was selected, on stdout and
    stderr, then the summary on stdout."""
    out, err = sys.stdout, sys.stderr
    if report.out_refused:  # nothing was built: no note, hint or summary is true
        for error in report.errors:
            print(f"error: {error}", file=err, flush=True)
        return
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
    print(summary_line(report, options.out, options.check), flush=True)


def run(args: argparse.Namespace) -> int:
    # The settings of the project that holds the docs: the nearest pyproject.toml at or
    # above the docs source (as ruff and black find theirs), or the working folder's.
    start = Path(args.source) if args.source else Path.cwd()
    notes: list[str] = []
    try:
        pyproject = find_pyproject(start)
        settings = read_settings(pyproject)
        notes.append(settings_note(pyproject, start))
        options = options_from(args, settings, notes, pyproject.parent if pyproject else None)
    except (PageError, UsageError) as error:
        print(f"notebook-gen build: error: {error}", file=sys.stderr)
        if isinstance(error, UsageError) and error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        return 2
    progress = progress_for(sys.stderr, options.source, options.out)
    with sigterm_as_interrupt():
        report = build(options, progress=progress)
    report.notes[:0] = notes
    print_report(report, options, args.verbose)
    return 0 if report.ok else 1
