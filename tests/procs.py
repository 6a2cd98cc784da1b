"""Processes seen through ``/proc`` (psutil is not a dependency): the signal and orphan
tests of the build use these to find a build's workers and to see whether they live."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

PROC = Path("/proc")


def stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of a process, or None when it does not exist."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]


def alive(pid: int) -> bool:
    """Running or sleeping: a zombie has finished."""
    info = stat(pid)
    return info is not None and info[1] != "Z"


def children(parent: int) -> list[int]:
    """Live processes whose parent is ``parent``."""
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            info = stat(int(entry.name))
            if info is not None and info[0] == parent and info[1] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def wait_until(condition: Callable[[], bool], limit: float = 60.0) -> bool:
    """Poll ``condition`` until it holds; False if it still does not after ``limit``
    seconds (a guard against hanging, not a measure of speed)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
