"""What an execution run found: plain frozen data shared by the runner and the reports.

A :class:`RunReport` holds one :class:`NotebookResult` per notebook, in a stable
order (by notebook name), so runs with different ``--jobs`` compare equal apart
from timings. Reports and ``report merge`` read the same data back from JSON
(:func:`report_from_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FORMAT = "notebook-gen-execute/1"
"""Identifies the JSON layout written by :func:`report_to_dict`."""


class Status(StrEnum):
    """How a notebook's run ended."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    CACHED = "cached"
    """Passed before with the same content, kernel and environment; not run again."""


class FailureKind(StrEnum):
    """The class of a failure, so the morning reader knows where to look first."""

    INSTALL = "install"
    """A cell tagged ``install`` failed (pip could not install something)."""
    TIMEOUT = "timeout"
    """A cell exceeded ``--timeout`` or the notebook exceeded ``--notebook-timeout``."""
    MISSING_MODULE = "missing-module"
    """Under ``--no-install``, a module is not installed: the CI environment lacks a package."""
    BAD_NOTEBOOK = "bad-notebook"
    """The file is not a readable notebook (truncated, not JSON, a folder, a symlink loop)."""
    DEAD_KERNEL = "dead-kernel"
    """The kernel died (segfault, ``os._exit``, out of memory) or never started."""
    NETWORK = "network"
    """A connection error or an HTTP 429/5xx answer: worth retrying, not a docs bug."""
    ERROR = "error"
    """The cell raised (or a ``raises-exception`` cell did not)."""
    OUTPUT_MISMATCH = "output-mismatch"
    """The cell printed something other than what the page shows (strict mode)."""


@dataclass(frozen=True)
class CellFailure:
    """Why a notebook failed, pointing at the cell and the documentation line."""

    kind: FailureKind
    message: str
    """One sentence about the user's notebook, e.g. ``code cell 3 raised ValueError: bad``."""
    cell_index: int | None = None
    """0-based index of the failing cell, None when no cell ran (kernel did not start)."""
    location: str | None = None
    """``<docs_root>/<source>:<line>`` of the failing statement (from the traceback) or,
    when the traceback does not say, of the failing cell; when the metadata says."""
    code_cell: int | None = None
    """1-based number of the failing cell among the notebook's code cells."""
    source: str = ""
    """The failing cell's source (shortened when long)."""
    ename: str = ""
    evalue: str = ""
    traceback: str = ""
    """Plain text (ANSI colours removed)."""


@dataclass(frozen=True)
class OutputMismatch:
    """A cell whose output differs from the expected output kept from the page."""

    cell_index: int
    location: str | None
    expected: str
    actual: str
    code_cell: int | None = None
    """1-based number of the cell among the notebook's code cells."""


@dataclass(frozen=True)
class NotebookResult:
    """The outcome of one notebook."""

    name: str
    """The notebook's path relative to the directory it was found in (POSIX)."""
    status: Status
    seconds: float = 0.0
    page: str | None = None
    """``<docs_root>/<source>`` of the page the notebook was built from."""
    failure: CellFailure | None = None
    skip_reason: str | None = None
    """Why it was skipped, or why it passed without a kernel (nothing to run)."""
    mismatches: tuple[OutputMismatch, ...] = ()
    """Output differences: warnings unless ``--check-outputs=strict`` failed the run."""
    attempts: int = 1
    """How many times it ran (more than one after ``--retries`` on network failures)."""
    shared_run: str | None = None
    """The name of the notebook whose run this one shares (same page, same code: see
    :mod:`notebook_gen.execute.units`); its verdict and seconds are that run's. None
    for a notebook that ran (or was settled) on its own."""


@dataclass(frozen=True)
class SourceRepository:
    """Where the notebooks and their pages are on GitHub, for the links of reports."""

    repository: str
    """``OWNER/NAME``."""
    branch: str = "main"
    notebooks_path: str | None = ""
    """The folder the notebooks' names are relative to, from the repository root (``""``:
    the root); None when it is not inside the repository (no Colab links then)."""


@dataclass(frozen=True)
class RunReport:
    """All results of one run (or of several shards, merged)."""

    results: tuple[NotebookResult, ...]
    seconds: float = 0.0
    """Wall-clock time of the run (for merged shards: of the slowest shard)."""
    interrupted: bool = False
    """True when Ctrl-C/SIGTERM stopped the run; unfinished notebooks are not listed."""
    shard: str | None = None
    """``I/N`` when the run was one shard of a matrix."""
    meta: dict[str, str] = field(default_factory=dict)
    """Kernel, Python version and similar facts worth printing in reports."""
    warnings: tuple[str, ...] = ()
    """Problems of the run itself, not of a notebook (an unusable ``--cache``)."""
    repository: SourceRepository | None = None
    """Where pages and notebooks are on GitHub, when known: reports then link to them."""

    def count(self, status: Status) -> int:
        """How many notebooks ended with ``status``."""
        return sum(1 for result in self.results if result.status is status)

    @property
    def failed(self) -> bool:
        """True when any notebook failed or timed out (the command then exits 1)."""
        return any(result.status is Status.FAILED for result in self.results)


def report_to_dict(report: RunReport) -> dict[str, Any]:
    """The report as JSON-ready data (the ``--json`` file)."""
    return {
        "format": FORMAT,
        "seconds": round(report.seconds, 3),
        "interrupted": report.interrupted,
        "shard": report.shard,
        "meta": dict(report.meta),
        "warnings": list(report.warnings),
        "results": [_result_to_dict(result) for result in report.results],
        "repository": None if report.repository is None else report.repository.__dict__,
    }


def report_from_dict(data: dict[str, Any]) -> RunReport:
    """Read back what :func:`report_to_dict` wrote; ValueError on another format."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a notebook-gen execution report (format {data.get('format')!r})")
    return RunReport(
        results=tuple(_result_from_dict(item) for item in data["results"]),
        seconds=float(data.get("seconds", 0.0)),
        interrupted=bool(data.get("interrupted", False)),
        shard=data.get("shard"),
        meta=dict(data.get("meta", {})),
        warnings=tuple(str(line) for line in data.get("warnings", [])),
        repository=_repository_from_dict(data.get("repository")),
    )


def _repository_from_dict(data: Any) -> SourceRepository | None:
    if data is None:
        return None
    repository = SourceRepository(**data)
    path = repository.notebooks_path
    if not (isinstance(repository.repository, str) and isinstance(repository.branch, str)
            and (path is None or isinstance(path, str))):
        raise ValueError(f"repository: expected strings, not {data!r}")
    return repository


def _result_to_dict(result: NotebookResult) -> dict[str, Any]:
    failure = result.failure
    return {
        "name": result.name,
        "status": result.status.value,
        "seconds": round(result.seconds, 3),
        "page": result.page,
        "failure": None if failure is None else {**failure.__dict__, "kind": failure.kind.value},
        "skip_reason": result.skip_reason,
        "mismatches": [mismatch.__dict__ for mismatch in result.mismatches],
        "attempts": result.attempts,
        "shared_run": result.shared_run,
    }


def _result_from_dict(data: dict[str, Any]) -> NotebookResult:
    failure = data.get("failure")
    return NotebookResult(
        name=data["name"],
        status=Status(data["status"]),
        seconds=float(data.get("seconds", 0.0)),
        page=data.get("page"),
        failure=None
        if failure is None
        else CellFailure(**{**failure, "kind": FailureKind(failure["kind"])}),
        skip_reason=data.get("skip_reason"),
        mismatches=tuple(OutputMismatch(**item) for item in data.get("mismatches", [])),
        attempts=int(data.get("attempts", 1)),
        shared_run=data.get("shared_run"),
    )
