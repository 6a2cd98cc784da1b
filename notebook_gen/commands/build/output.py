"""What ``notebook-gen build`` prints while it works and when it is done.

stdout carries what a script reads: the notes (what the build decided on its own) and one
summary line. stderr carries the rest: progress, warnings, errors and hints. Progress is a bar
on a terminal (it vanishes when done) and one plain line per stage elsewhere (CI logs, pipes),
never indented like the warnings. Warnings come grouped by page with their counts per kind;
at most :data:`SHOWN_PER_PAGE_AND_KIND` of one kind are listed per page (``-v`` lists all), so
that a rare kind of warning is never hidden behind a frequent one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from notebook_gen.build.pages.pagetask import PageOutcome
from notebook_gen.build.tree import BuildReport
from notebook_gen.commands.build.hints import counted
from notebook_gen.errors import PageWarning

SHOWN_PER_PAGE_AND_KIND = 3

Progress = Callable[[Iterable[PageOutcome], int], Iterable[PageOutcome]]


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
            converted += outcome.status == "converted"
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
