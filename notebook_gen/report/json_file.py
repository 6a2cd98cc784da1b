"""``--json FILE``: the whole report as data; ``report merge`` reads the files of several
shards back and combines them into one report."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from notebook_gen.execute.results import (
    NotebookResult,
    RunReport,
    report_from_dict,
    report_to_dict,
)


def render(report: RunReport) -> str:
    """The report as indented JSON."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


def read(path: Path) -> RunReport:
    """A report written by :func:`render`; ValueError naming the file otherwise."""
    try:
        return report_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: {error}") from error


def merge(reports: Iterable[RunReport]) -> RunReport:
    """One report holding every shard's results, sorted by notebook name.

    A notebook found in two reports (overlapping shards, or a re-run shard)
    keeps the result of the later report. The run took as long as its slowest
    shard; it was interrupted if any shard was; it has every shard's warnings, once, and
    the repository the later shard named.
    """
    reports = list(reports)
    by_name: dict[str, NotebookResult] = {}
    for report in reports:
        by_name.update((result.name, result) for result in report.results)
    meta: dict[str, str] = {}
    for report in reports:
        meta.update(report.meta)
    shards = sorted({report.shard for report in reports if report.shard})
    if shards:
        meta["shards"] = ", ".join(shards)
    return RunReport(
        results=tuple(by_name[name] for name in sorted(by_name)),
        seconds=max((report.seconds for report in reports), default=0.0),
        interrupted=any(report.interrupted for report in reports),
        meta=meta,
        warnings=tuple(dict.fromkeys(line for report in reports for line in report.warnings)),
        repository=next((report.repository for report in reversed(reports)
                         if report.repository is not None), None),
    )
