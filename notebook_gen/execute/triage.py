"""Turn what went wrong in a cell into a :class:`CellFailure` with a class and a sentence.

Classes of errors raised by cell code are decided by an ordered list of rules,
like a linter's: the first rule that matches the error's name and message wins.
Adding a class of network error is adding a name or a rule, not a branch. The rules
also read the exceptions the error was raised from or while handling
(:func:`chained_errors`): a library's own error raised from a connection
error is a ``network`` failure, retried like one.

The exceptions a traceback chains: what raised before the error the cell reports.
A library called offline fails with its own exception (``LocalEntryNotFoundError``),
raised ``from`` the HTTP client's (``httpx.ConnectError``) or while handling it. The
kernel reports only the outermost one as ``ename``/``evalue``; the others are in the
traceback text, each section ending with its ``Name: message`` line, sections joined by
Python's sentences "The above exception was the direct cause of the following exception"
(``__cause__``) and "During handling of the above exception, another exception occurred"
(``__context__``). IPython heads each section with ``Name    Traceback (most recent call
last)``; plain Python (``%xmode plain``, other kernels) writes ``Traceback (most recent
call last):`` and qualifies names by module (``requests.exceptions.ConnectionError``).
Both read the same here: frames and source lines are indented or hold spaces, so the
first line of a section that is a dotted name, alone or before ``": "``, is its error.

Where a failure is on the page: the line of the failing statement, not of the cell.

Each cell carries the page line of its first line (``cell.metadata.notebook_gen.line``),
and a cell's lines are the page's lines in order: the converter strips doctest
prompts and cuts a sample into cells at its outputs, but never adds or removes a
line inside a cell. So line ``k`` of a cell is page line ``line + k - 1``, and
IPython's traceback names ``k`` for each frame of cell code (``Cell In[7], line 3``;
IPython 8.0-8.4 wrote ``Input In [7], in <cell line: 3>()``). The innermost frame of
the failing cell's own execution is the statement to fix; frames of other cells (a
function defined earlier) and of libraries are not on this cell's lines.

Cells are counted among code cells ("code cell 3"), as a reader of the notebook
counts them; the notebook's own cell index also counts markdown cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from notebook_gen.convert import metadata
from notebook_gen.execute import outputs
from notebook_gen.execute.results import CellFailure, FailureKind
from notebook_gen.lint.names import distributions_for, import_table

__all__ = ["RULES", "CellAt", "PageRef", "chained_errors", "classify", "describe_cell",
           "error_output", "excerpt", "failure", "network_cause", "plain", "raised", "shorten",
           "tags"]

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
"""ANSI escape sequences: CSI (colours, cursor moves), OSC (titles, links), two-byte."""
_HTTP_RETRYABLE = re.compile(r"\b(429|5\d\d)\b")
_MAX_SOURCE_LINES = 12
_MAX_LINE = 500
_NO_MODULE = re.compile(r"No module named '([^']+)'")
_LINK = re.compile(
    r"^[ \t]*(?:The above exception was the direct cause of the following exception"
    r"|During handling of the above exception, another exception occurred):[ \t]*$",
    re.MULTILINE,
)
_FRAME = re.compile(
    r"(?:Cell In ?\[(?P<count>\d+)\], line (?P<line>\d+)"
    r"|Input In ?\[(?P<count_old>\d+)\], in <cell line: (?P<line_old>\d+)>)"
)
_ERROR_LINE = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)(?:: (?P<value>.*))?$", re.MULTILINE)

NETWORK_ERRORS = frozenset(
    {
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "ConnectError",
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
        "ClientConnectorError",
        "ServerDisconnectedError",
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


def classify(ename: str, evalue: str, tags: list[str], *, no_install: bool = False,
             causes: Sequence[tuple[str, str]] = ()) -> FailureKind:
    """The class of an error raised by a cell with these tags, ``causes`` being the
    ``(name, message)`` of the exceptions it chains (:func:`chained_errors`): a network
    error anywhere in the chain makes it ``network``.

    Under ``no_install`` the notebook's install cells did not run, so a module that
    cannot be found is a gap in the environment (``missing-module``), not a page bug.
    Not so for a dotted name: Python names the top-level package when that is what
    is missing, so ``No module named 'pkg.sub'`` means ``pkg`` is there without
    ``sub`` (a wrong import on the page, or another version of ``pkg``).
    """
    if metadata.TAG_INSTALL in tags:
        return FailureKind.INSTALL
    if no_install and ename == "ModuleNotFoundError" and "." not in missing_module(evalue):
        return FailureKind.MISSING_MODULE
    kind = _by_rules(ename, evalue)
    if kind is FailureKind.ERROR and network_cause(causes) is not None:
        return FailureKind.NETWORK
    return kind


def network_cause(causes: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The deepest of ``causes`` that is a network error, or None."""
    return next((cause for cause in causes
                 if _by_rules(short_name(cause[0]), cause[1]) is FailureKind.NETWORK), None)


def _by_rules(ename: str, evalue: str) -> FailureKind:
    for _name, kind, matches in RULES:
        if matches(ename, evalue):
            return kind
    return FailureKind.ERROR


def error_output(cell: Any) -> Any | None:
    """The cell's ``error`` output, if it raised."""
    return next((out for out in cell.get("outputs", ()) if out.output_type == "error"), None)


def raised(
    at: CellAt, ref: PageRef, *, reply: dict[str, Any] | None = None, no_install: bool = False
) -> CellFailure:
    """The failure of a cell that raised: from its ``error`` output, else from the
    kernel's ``execute_reply`` (``reply``, its content). The reply is the one that
    always arrives: an exception whose message holds a lone surrogate gives a reply
    with ``status: error`` but no ``error`` output on IOPub.
    """
    error = error_output(at.cell)
    if error is None and (reply or {}).get("status") != "error":
        raise ValueError(f"cell {at.index} has no error output and no error reply")
    source = error if error is not None else reply or {}
    ename = outputs.clean(plain(str(source.get("ename", ""))), 200, "name")
    evalue = outputs.clean(plain(str(source.get("evalue", ""))), outputs.MAX_VALUE, "error message")
    full_traceback = plain("\n".join(map(str, source.get("traceback", []))))
    causes = chained_errors(full_traceback)
    kind = classify(ename, evalue, tags(at.cell), no_install=no_install, causes=causes)
    what = _what_raised(kind, ename, evalue, from_reply=error is None)
    network_by_chain = kind is FailureKind.NETWORK and _by_rules(ename, evalue) is not kind
    cause = network_cause(causes) if network_by_chain else None
    if cause is not None:
        what += f" (caused by {outputs.clean(cause[0], 200, 'name')}: {shorten(cause[1], 300)})"
    if kind is FailureKind.INSTALL:
        what = "(an install cell) " + what
    line = statement_line(full_traceback, at.cell)
    return _at_cell(kind, what, at, ref, line, ename=ename, evalue=evalue,
                    traceback=outputs.clean(full_traceback, what="traceback"))


def missing_module(evalue: str) -> str:
    """The module a ``ModuleNotFoundError`` names (``"No module named 'x.y'"`` -> ``x.y``)."""
    found = _NO_MODULE.search(evalue)
    return found.group(1) if found else evalue.strip()


def _what_raised(kind: FailureKind, ename: str, evalue: str, *, from_reply: bool) -> str:
    if kind is FailureKind.MISSING_MODULE:
        module = missing_module(evalue)
        dist = distributions_for(module, import_table())[0]
        return (f"needs module {module!r}, which is not installed: add `pip install {dist}` "
                "to the CI install step (--no-install skips the notebook's install cells)")
    said = f"{ename}: {shorten(evalue, 300)}"
    if from_reply:
        return f"raised an error whose output never arrived (the kernel replied {said})"
    return f"raised {said}"


def failure(kind: FailureKind, message: str, at: CellAt | None, ref: PageRef) -> CellFailure:
    """A failure that is not an exception in cell code (timeout, dead kernel, ...).

    ``message`` follows the cell's description: ``code cell 3 (page.md:12) <message>``.
    """
    if at is None:
        return CellFailure(kind=kind, message=outputs.encodable(message))
    return _at_cell(kind, message, at, ref)


def _at_cell(kind: FailureKind, what: str, at: CellAt, ref: PageRef, line: int | None = None,
             **details: str) -> CellFailure:
    """A failure of one cell: ``code cell 3 (page.md:12) <what>``, with its source."""
    location = ref.locate(at.cell, line)
    message = outputs.encodable(f"{describe_cell(at.code_cell, location)} {what}")
    return CellFailure(kind=kind, message=message,
                       cell_index=at.index, location=location, code_cell=at.code_cell,
                       source=excerpt(str(at.cell.source)), **details)


def tags(cell: Any) -> list[str]:
    """The cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def excerpt(source: str) -> str:
    """The source, first and last lines only when it is long (each line cut too)."""
    lines = [shorten(line, _MAX_LINE, strip=False)
             for line in outputs.encodable(source).strip("\n").splitlines()]
    if len(lines) <= _MAX_SOURCE_LINES:
        return "\n".join(lines)
    half = _MAX_SOURCE_LINES // 2
    skipped = len(lines) - 2 * half
    return "\n".join([*lines[:half], f"... ({skipped} lines) ...", *lines[-half:]])


def shorten(text: str, limit: int, *, strip: bool = True) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    text = text.strip() if strip else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """Text without ANSI escape sequences (IPython colours its tracebacks; a notebook's
    output may hold any other)."""
    return _ANSI.sub("", text)


def chained_errors(traceback: str) -> list[tuple[str, str]]:
    """``(name, first line of message)`` of each exception before the outermost one in
    ``traceback`` (plain text, colours removed), deepest first; ``[]`` for no chain."""
    sections = _LINK.split(traceback)
    found = []
    for section in sections[:-1]:  # the last section is the error the kernel reported
        error = _ERROR_LINE.search(section)
        if error is not None:
            found.append((error["name"], (error["value"] or "").strip()))
    return found


def short_name(name: str) -> str:
    """The class name without its module (``httpx.ConnectError`` -> ``ConnectError``)."""
    return name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class CellAt:
    """A cell of the notebook being run, with its two numbers."""

    cell: Any
    index: int
    """0-based index among all cells (as stored in results)."""
    code_cell: int
    """1-based number among code cells (as said in messages)."""


def code_cells(notebook: Any) -> list[CellAt]:
    """The notebook's code cells, numbered."""
    found: list[CellAt] = []
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") == "code":
            found.append(CellAt(cell, index, len(found) + 1))
    return found


@dataclass(frozen=True)
class PageRef:
    """Where a notebook's cells come from, to point failures at documentation lines."""

    page: str | None = None
    """``<docs_root>/<source>`` of the page."""
    docs_root: str | None = None

    def locate(self, cell: Any, line_in_cell: int | None = None) -> str | None:
        """``<docs_root>/<source>:<line>`` (of ``line_in_cell``, 1-based, when given),
        or ``<docs_root>/<origin>`` for a cell the build added (install cells from
        ``_config.py``), or None when unknown."""
        info = cell.get("metadata", {}).get(metadata.KEY, {})
        origin = info.get(metadata.ORIGIN)
        if origin:
            return str(PurePosixPath(self.docs_root or "") / origin)
        line = info.get(metadata.LINE)
        if self.page is None:
            return None
        if not isinstance(line, int) or line < 1:
            return self.page
        return f"{self.page}:{line + (line_in_cell or 1) - 1}"


def statement_line(traceback: str, cell: Any) -> int | None:
    """The 1-based line of ``cell`` that raised, read from its plain-text traceback.

    None when the traceback names no frame of this cell's execution (a kernel that
    does not number cells, an error raised before the cell ran).
    """
    count = cell.get("execution_count")
    if not isinstance(count, int):
        return None
    lines = len(str(cell.get("source", "")).splitlines())
    found = None
    for match in _FRAME.finditer(traceback):
        number = int(match["count"] or match["count_old"])
        line = int(match["line"] or match["line_old"])
        if number == count and 1 <= line <= max(lines, 1):
            found = line  # the last one is the innermost frame
    return found


def describe_cell(code_cell: int | None, where: str | None) -> str:
    """``code cell 3 (docs/source/en/quicktour.md:123)``."""
    what = f"code cell {code_cell}" if code_cell is not None else "a cell"
    return f"{what} ({where})" if where else what
