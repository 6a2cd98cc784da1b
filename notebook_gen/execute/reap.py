"""Kill everything a kernel started, including what left its process group.

Killing a kernel's process group is not enough: a notebook can start a process
in a new session (``subprocess.Popen(..., start_new_session=True)``) or fork
twice so that it is adopted by init, and that process keeps running (and holds
the run's output open) after ``execute`` returns. So each kernel gets a
:class:`Tracker`: every process whose environment carries the kernel's token
(:data:`TOKEN`, set in the kernel's environment and inherited by everything it
starts) and every descendant of such a process, found with psutil, is killed
when its notebook ends. A process that both clears its environment and detaches
escapes it. Only processes created since the kernel are looked at closely: psutil
keeps what it learnt of the others, so a look costs little however many processes
the machine runs.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time

import psutil

TOKEN = "NOTEBOOK_GEN_KERNEL"
"""Environment variable naming the kernel a process descends from."""
_ROUNDS = 20
"""Looks at the processes at most: a process forking while it is killed needs a second look."""
_counter = itertools.count()
_SLACK = 2.0
"""Seconds: psutil's creation times are rounded (the boot time to whole seconds)."""
_GONE = (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)


def new_token() -> str:
    """A value for :data:`TOKEN` that no other kernel, in this run or another, has."""
    return f"{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}"


class Tracker:
    """Finds and kills what one kernel started: its token's processes and their descendants."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.since = 0.0
        """Creation time (psutil's clock) before which no process is the kernel's."""

    def adopt(self, pid: int) -> None:
        """Note when the kernel (process ``pid``, just started) was created."""
        with contextlib.suppress(psutil.Error):
            self.since = psutil.Process(pid).create_time() - _SLACK

    def reap(self) -> int:
        """Kill every process the kernel started (the kernel too); how many were killed."""
        killed: set[int] = set()
        for _ in range(_ROUNDS):
            found = self.processes() - {os.getpid()}
            if not found:
                break
            for pid in found:
                with contextlib.suppress(psutil.Error):
                    psutil.Process(pid).kill()
            killed |= found
            time.sleep(0.005)
        return len(killed)

    def processes(self) -> set[int]:
        """Live processes carrying the token, with their descendants.

        The kernel is found by its token, not by its pid: once it is gone, its pid
        may belong to an unrelated process.
        """
        parents: dict[int, int] = {}
        marked: set[int] = set()
        for process in psutil.process_iter():
            try:
                if process.create_time() < self.since or process.status() in _GONE:
                    continue
                parents[process.pid] = process.ppid()
                if _environ(process).get(TOKEN) == self.token:
                    marked.add(process.pid)
            except psutil.Error:
                continue  # gone meanwhile
        return _with_descendants(marked, parents)


def _environ(process: psutil.Process) -> dict[str, str]:
    try:
        return dict(process.environ())
    except psutil.AccessDenied:  # another user's process: not one a kernel of ours started
        return {}


def _with_descendants(roots: set[int], parents: dict[int, int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, pending = set(), list(roots)
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending.extend(children.get(pid, ()))
    return found
