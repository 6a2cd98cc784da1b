"""Reading one page as the full build does: its bytes, checked text, hash, and whether it
carries ``[[open-in-colab]]`` (which parses it, so the quick check never calls this)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from notebook_gen.build.inputs.discover import Page
from notebook_gen.convert.selection import selects_page
from notebook_gen.errors import PageError


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one read of a page tells: enough to decide whether it needs converting."""

    digest: str = ""
    """sha256 of the page's bytes."""
    size: int = 0
    mtime_ns: int = 0
    """The page's size and mtime when it was read (for the next build's quick check)."""
    marked: bool = False
    """Carries ``[[open-in-colab]]`` in its prose (read as conversion reads it)."""
    error: PageError | None = None


def decode_page(data: bytes, rel: str) -> str:
    """UTF-8 text of a page, or an error naming the line and byte offset that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PageError(rel, line, f"not valid UTF-8 (byte offset {error.start}: "
                        f"{data[error.start:error.start + 1]!r}); is it a binary file?") from None


def read_page(page: Page) -> tuple[PageRead, str]:
    """Read and check one page: its :class:`PageRead` and its text ("" when unreadable)."""
    try:
        with open(os.path.join(page.folder, page.lang_rel), "rb") as handle:  # no Path: hot
            info = os.fstat(handle.fileno())  # before the read (see .snapshot)
            data = handle.read()
        text = decode_page(data, page.rel)
        if b"\0" in data:
            raise PageError(page.rel, None, "holds NUL bytes: a binary file, not a page")
    except PageError as error:
        return PageRead(error=error), ""
    except OSError as error:
        return PageRead(error=PageError(page.rel, None, f"cannot read: {error}")), ""
    return PageRead(hashlib.sha256(data).hexdigest(), size=len(data),
                    mtime_ns=info.st_mtime_ns, marked=selects_page(text)), text
