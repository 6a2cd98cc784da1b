"""The exceptions a traceback chains: what raised before the error the cell reports.

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
"""

from __future__ import annotations

import re

_LINK = re.compile(
    r"^[ \t]*(?:The above exception was the direct cause of the following exception"
    r"|During handling of the above exception, another exception occurred):[ \t]*$",
    re.MULTILINE,
)
_ERROR_LINE = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)(?:: (?P<value>.*))?$", re.MULTILINE)


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
