"""``notebook-gen build``, what it does: options (from the command line and
``[tool.notebook-gen]``) in, a build run, a summary out. Its arguments are in the package's
``__init__``.

Four mistakes end in "0 pages". Three are usage mistakes, found before anything is built and
reported with exit status 2: a folder that is not a docs root, a ``--lang`` the tree does not
have, a ``--page`` glob that matches no page. The fourth, a tree where no page carries
``[[open-in-colab]]`` yet, is a valid tree with nothing to do: status 0, with a hint.

stdout carries what a script reads: the notes (what the build decided on its own) and one
summary line. stderr carries the rest: progress, warnings, errors and hints. Progress is a bar
on a terminal (it vanishes when done) and one plain line per stage elsewhere (CI logs, pipes),
never indented like the warnings. Warnings come grouped by page with their counts per kind;
at most :data:`SHOWN_PER_PAGE_AND_KIND` of one kind are listed per page (``-v`` lists all), so
that a rare kind of warning is never hidden behind a frequent one.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from notebook_gen.builder.build import BuildOptions, BuildReport, build, sigterm_as_interrupt
from notebook_gen.builder.inputs.discover import (
    docs_root_label,
    docs_roots_below,
    find_languages,
    find_pages,
    is_docs_root,
    matches_glob,
)
from notebook_gen.builder.manifest import PageOutcome, PageStatus
from notebook_gen.commands.build.repository import place
from notebook_gen.commands.options import UsageError, externals_from, read_settings, resolve
from notebook_gen.convert.gpu import GpuOptions
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.urls import LinkContext
from notebook_gen.lint.checks import LintOptions
from notebook_gen.settings import find_pyproject, settings_note

DOCS_ROOT = ("a docs root holds one folder per language (en/, ko/, ...) with its pages "
             "(*.md, *.mdx) and a _toctree.yml, or the pages and _toctree.yml of one language")
GLOB = ("--page is matched against a page's path in its language folder (tasks/asr.md) or in "
        "the docs root (en/tasks/asr.md)")
SHOWN_PER_PAGE_AND_KIND = 3

Progress = Callable[[Iterable[PageOutcome], int], Iterable[PageOutcome]]


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


def check_selection(source: Path, langs: Sequence[str], page_glob: str | None) -> None:
    """Before building: ``source`` is a docs root (or a folder of pages), and the languages
    and the ``--page`` glob select something. Raises :class:`UsageError` saying what was
    found. Only a folder that is not a docs root, or a glob, costs a walk of the tree."""
    root = is_docs_root(source)
    if not root and (below := docs_roots_below(source)):
        names = " and ".join(str(folder) for folder in below)
        raise UsageError(f"{source} is not a docs root; {names} "
                         f"{'is one' if len(below) == 1 else 'are'}: try notebook-gen build "
                         f"{below[0]}", hint=DOCS_ROOT)
    languages = find_languages(source)
    codes = [language.code for language in languages]
    unknown = [code for code in langs if code not in codes]
    if unknown:
        raise UsageError(f"--lang {','.join(unknown)}: {source} has no such language; its "
                         f"languages are {', '.join(codes)}")
    if root and not page_glob:
        return
    selected = [language for language in languages if not langs or language.code in langs]
    pages, _ = find_pages(source, selected)
    if not pages and not root:
        raise UsageError(f"{source} holds no pages", hint=DOCS_ROOT)
    if pages and not any(matches_glob(page, page_glob) for page in pages):
        raise UsageError(f"--page {page_glob!r} matched none of the "
                         f"{counted(len(pages), 'page')} of {source}", hint=GLOB)


def explain_nothing(report: BuildReport, options: BuildOptions) -> str | None:
    """A hint when the build selected no page (exit status 0: nothing was wrong), or None."""
    if report.pages:
        return None
    if not report.unselected:
        return f"{options.source} holds no pages (*.md, *.mdx) in the languages built"
    glob = f" matching --page {options.page_glob!r}" if options.page_glob else ""
    return (f"no page carries [[open-in-colab]] ({counted(len(report.unselected), 'page')} of "
            f"{options.source}{glob}): --all converts every page, or mark the pages that "
            "should become notebooks")


def counted(number: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


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


def progress_for(stream: TextIO, source: Path, out: Path) -> Progress:
    """A progress bar on a terminal; elsewhere a line when the pages start and one when
    they are done (the index and manifest come next)."""
    if stream.isatty():
        return lambda outcomes, total: _bar(outcomes, total, stream)

    def stages(outcomes: Iterable[PageOutcome], total: int) -> Iterator[PageOutcome]:
        print(f"checking {counted(total, 'page')} of {source}; converting those that changed",
              file=stream, flush=True)
        converted = 0
        for outcome in outcomes:
            converted += outcome.status == PageStatus.CONVERTED
            yield outcome
        print(f"{counted(converted, 'page')} converted; checking the index in {out}/",
              file=stream, flush=True)

    return stages


def _bar(outcomes: Iterable[PageOutcome], total: int, stream: TextIO) -> Iterator[PageOutcome]:
    from tqdm import tqdm

    yield from tqdm(outcomes, total=total, unit="page", leave=False, file=stream)


def warning_lines(warnings: list[PageWarning], verbose: bool) -> list[str]:
    """A heading with the counts per kind, then each page's warnings in line order."""
    if not warnings:
        return []
    kinds = Counter(warning.kind for warning in warnings)
    by_page: dict[str, list[PageWarning]] = defaultdict(list)
    for warning in warnings:
        by_page[warning.path].append(warning)
    per_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    lines = [f"{counted(len(warnings), 'warning')} in {counted(len(by_page), 'file')} "
             f"({per_kind}):"]
    for path in sorted(by_page):
        lines.extend(_page_lines(path, by_page[path], verbose))
    return lines


def _page_lines(path: str, warnings: list[PageWarning], verbose: bool) -> list[str]:
    """The page's warnings in line order, each kind cut at the limit (a cut that would hide
    a single warning shows it instead), then a count of what was cut."""
    kinds = Counter(warning.kind for warning in warnings)
    limit = {kind: count if verbose or count <= SHOWN_PER_PAGE_AND_KIND + 1
             else SHOWN_PER_PAGE_AND_KIND for kind, count in kinds.items()}
    shown: list[str] = []
    listed: Counter[str] = Counter()
    for warning in sorted(warnings, key=lambda w: (w.line or 0, w.kind)):
        if listed[warning.kind] < limit[warning.kind]:
            listed[warning.kind] += 1
            shown.append(str(warning))
    shown.extend(f"{path}: {count - limit[kind]} more [{kind}] (-v lists them)"
                 for kind, count in sorted(kinds.items()) if count > limit[kind])
    return shown


def summary_line(report: BuildReport, out: Path, check: bool) -> str:
    """``6 notebooks up to date in notebooks_out/ (4 pages, 0.1 s)``, or what changed."""
    folder = f"{out.as_posix().rstrip('/')}/"
    total = counted(report.pages + len(report.unselected), "page")
    marked = (f"{report.pages} of {total} marked [[open-in-colab]]" if report.unselected
              else total)
    tail = ", ".join(part for part in (
        marked,
        counted(len(report.warnings), "warning") if report.warnings else "",
        counted(len(report.errors), "error") if report.errors else "",
        f"{report.seconds:.1f} s") if part)
    notebooks = len(report.written) + report.unchanged
    if check:
        if report.stale:
            return (f"check: {counted(len(report.stale), 'file')} in {folder} out of date, "
                    f"listed above; a build without --check updates them ({tail})")
        return f"check: {counted(notebooks, 'notebook')} up to date in {folder} ({tail})"
    changes = [f"{len(report.written)} written" if report.written else "",
               f"{len(report.removed)} removed" if report.removed else "",
               "index updated" if report.index_written else ""]
    if not any(changes):
        return f"{counted(notebooks, 'notebook')} up to date in {folder} ({tail})"
    if report.unchanged:
        changes.insert(1, f"{report.unchanged} up to date")
    done = ", ".join(change for change in changes if change)
    return f"{counted(notebooks, 'notebook')} in {folder}: {done} ({tail})"


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
