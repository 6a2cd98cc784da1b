"""Reading one page as the full build does: its bytes, checked text, hash, and whether it
carries ``[[open-in-colab]]`` (which parses it, so the quick check never calls this)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from notebook_gen.builder.inputs.discover import Page
from notebook_gen.builder.stamps import Stamp, stamp_read
from notebook_gen.convert.parse import selects_page
from notebook_gen.errors import PageError
from notebook_gen.regular_file import FileTooLargeError, NotRegularFileError, read_regular


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one read of a page tells: enough to decide whether it needs converting."""

    stamp: Stamp | None = None
    """The page as it was read (for the next build's quick check); None when unreadable."""
    marked: bool = False
    """Carries ``[[open-in-colab]]`` in its prose (read as conversion reads it)."""
    error: PageError | None = None

    @property
    def digest(self) -> str:
        """The hash of the page's bytes (see :mod:`notebook_gen.builder.stamps`)."""
        return "" if self.stamp is None else self.stamp.digest


def decode_page(data: bytes, rel: str) -> str:
    """UTF-8 text of a page, or an error naming the line and byte offset that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PageError(rel, line, f"not valid UTF-8 (byte offset {error.start}: "
                        f"{data[error.start:error.start + 1]!r}); is it a binary file?") from None


def read_page(page: Page, limit: int | None) -> tuple[PageRead, str]:
    """Read and check one page: its :class:`PageRead` and its text ("" when unreadable).
    A page is read only when it is a regular file of at most ``limit`` bytes (None: any
    size): a FIFO would block the build, a huge page would take its memory."""
    try:
        # no Path: hot; the stat is taken before the read (see .stamps)
        info, data = read_regular(os.path.join(page.folder, page.lang_rel), limit)
        text = decode_page(data, page.rel)
        if b"\0" in data:
            raise PageError(page.rel, None, "holds NUL bytes: a binary file, not a page")
    except PageError as error:
        return PageRead(error=error), ""
    except NotRegularFileError as error:
        return PageRead(error=PageError(page.rel, None, str(error))), ""
    except FileTooLargeError as error:
        return PageRead(error=too_large(page.rel, error)), ""
    except OSError as error:
        return PageRead(error=PageError(page.rel, None, f"cannot read: {error}")), ""
    return PageRead(stamp_read(info, data), marked=selects_page(text)), text


def too_large(rel: str, error: FileTooLargeError) -> PageError:
    """The error of a page over the size limit, saying how to raise it."""
    return PageError(rel, None, f"{error.size:,} bytes, over the limit of {error.limit:,} bytes "
                     "for a page; not read (--max-page-size or max-page-size in "
                     "[tool.notebook-gen] raises it)")
