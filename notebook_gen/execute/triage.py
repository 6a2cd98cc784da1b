"""Turn what went wrong in a cell into a :class:`CellFailure` with a class and a sentence.

Classes of errors raised by cell code are decided by an ordered list of rules,
like a linter's: the first rule that matches the error's name and message wins.
Adding a class of network error is adding a name or a rule, not a branch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from notebook_gen.convert import metadata
from notebook_gen.execute.results import CellFailure, FailureKind

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_HTTP_RETRYABLE = re.compile(r"\b(429|5\d\d)\b")
_MAX_SOURCE_LINES = 12

NETWORK_ERRORS = frozenset(
    {
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "ConnectTimeout",
        "ConnectTimeoutError",
        "ReadTimeout",
        "ReadTimeoutError",
        "MaxRetryError",
        "NewConnectionError",
        "RemoteDisconnected",
        "URLError",
        "gaierror",
        "OfflineModeIsEnabled",
    }
)
"""Exception names (as the kernel reports them) that mean the network let us down."""

HTTP_ERRORS = frozenset({"HTTPError", "HfHubHTTPError", "HTTPStatusError", "ClientResponseError"})
"""Exception names that carry an HTTP status; only 429 and 5xx count as network."""

Rule = tuple[str, FailureKind, Callable[[str, str], bool]]

RULES: tuple[Rule, ...] = (
    ("connection", FailureKind.NETWORK, lambda ename, _: ename in NETWORK_ERRORS),
    (
        "http-retryable",
        FailureKind.NETWORK,
        lambda ename, evalue: ename in HTTP_ERRORS and bool(_HTTP_RETRYABLE.search(evalue)),
    ),
    (
        "hub-unreachable",
        FailureKind.NETWORK,
        lambda ename, evalue: ename == "OSError" and "couldn't connect to" in evalue,
    ),
)
"""(name, class, matches(ename, evalue)), tried in order; no match means ``error``."""


@dataclass(frozen=True)
class PageRef:
    """Where a notebook's cells come from, to point failures at documentation lines."""

    page: str | None = None
    """``<docs_root>/<source>`` of the page."""
    docs_root: str | None = None

    def locate(self, cell: Any) -> str | None:
        """``<docs_root>/<source>:<line>``, or ``<docs_root>/<origin>`` for a cell the
        build added (install cells from ``_config.py``), or None when unknown."""
        info = cell.get("metadata", {}).get(metadata.KEY, {})
        origin = info.get(metadata.ORIGIN)
        if origin:
            return str(PurePosixPath(self.docs_root or "") / origin)
        line = info.get(metadata.LINE)
        if self.page is None:
            return None
        return f"{self.page}:{line}" if line else self.page


def classify(ename: str, evalue: str, tags: list[str]) -> FailureKind:
    """The class of an error raised by a cell with these tags."""
    if metadata.TAG_INSTALL in tags:
        return FailureKind.INSTALL
    for _name, kind, matches in RULES:
        if matches(ename, evalue):
            return kind
    return FailureKind.ERROR


def error_output(cell: Any) -> Any | None:
    """The cell's ``error`` output, if it raised."""
    return next((out for out in cell.get("outputs", ()) if out.output_type == "error"), None)


def raised(cell: Any, index: int, ref: PageRef) -> CellFailure:
    """The failure of a cell that raised (its ``error`` output must exist)."""
    error = error_output(cell)
    if error is None:
        raise ValueError(f"cell {index} has no error output")
    ename, evalue = str(error.ename), str(error.evalue)
    kind = classify(ename, evalue, tags(cell))
    prefix = "install cell " if kind is FailureKind.INSTALL else ""
    return _at_cell(kind, f"raised {ename}: {shorten(evalue, 300)}", cell, index, ref,
                    prefix, ename=ename, evalue=evalue,
                    traceback=plain("\n".join(error.traceback)))


def failure(
    kind: FailureKind, message: str, cell: Any | None, index: int | None, ref: PageRef
) -> CellFailure:
    """A failure that is not an exception in cell code (timeout, dead kernel, ...).

    ``message`` follows the cell's description: ``cell 3 (page.md:12) <message>``.
    """
    if cell is None or index is None:
        return CellFailure(kind=kind, message=message)
    return _at_cell(kind, message, cell, index, ref)


def _at_cell(kind: FailureKind, what: str, cell: Any, index: int, ref: PageRef,
             prefix: str = "", **details: str) -> CellFailure:
    """A failure of one cell: ``<prefix>cell 3 (page.md:12) <what>``, with its source."""
    location = ref.locate(cell)
    return CellFailure(kind=kind, message=f"{prefix}{describe_cell(index, location)} {what}",
                       cell_index=index, location=location, source=excerpt(cell.source),
                       **details)


def tags(cell: Any) -> list[str]:
    """The cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def describe_cell(index: int, where: str | None) -> str:
    """``cell 3 (docs/source/en/quicktour.md:123)``."""
    return f"cell {index} ({where})" if where else f"cell {index}"


def excerpt(source: str) -> str:
    """The source, first and last lines only when it is long."""
    lines = source.strip("\n").splitlines()
    if len(lines) <= _MAX_SOURCE_LINES:
        return "\n".join(lines)
    half = _MAX_SOURCE_LINES // 2
    skipped = len(lines) - 2 * half
    return "\n".join([*lines[:half], f"... ({skipped} lines) ...", *lines[-half:]])


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """Text without ANSI colour codes (tracebacks from IPython are coloured)."""
    return _ANSI.sub("", text)
