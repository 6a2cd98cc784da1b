"""The one error type for bad input, and the warnings a build collects.

Stages raise :class:`PageError`; the build catches it per page, reports it as
``path:line: message`` and goes on with the other pages.
"""

from __future__ import annotations

from dataclasses import dataclass


class NotebookGenError(Exception):
    """Base class of every error notebook_gen raises on purpose."""


class PageError(NotebookGenError):
    """Bad input in one file, with the line (1-based) where it was found, if any."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[type[PageError], tuple[str, int | None, str]]:
        # Travels from worker processes: rebuild from all three fields, not from args.
        return (PageError, (self.path, self.line, self.message))


@dataclass(frozen=True, slots=True)
class PageWarning:
    """A problem that does not stop the page from converting (``path:line: message``)."""

    path: str
    line: int | None
    message: str
    kind: str = "dialect"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} [{self.kind}]"
