"""Kill everything a kernel started, including what left its process group.

Killing a kernel's process group is not enough: a notebook can start a process
in a new session (``subprocess.Popen(..., start_new_session=True)``) or fork
twice so that it is adopted by init, and that process keeps running (and holds
the run's output open) after ``execute`` returns. So each kernel gets a tracker:

- :class:`CgroupTracker`, where this process may create a cgroup (v2) below its
  own: the kernel is moved into a new cgroup before any cell runs, and
  ``cgroup.kill`` ends every process in it, however it detached;
- :class:`ProcTracker` otherwise (most CI runners, which do not delegate cgroups
  to the user): every process whose environment carries the kernel's token
  (:data:`TOKEN`, set in the kernel's environment and inherited by everything
  it starts) and every descendant of the kernel, found in ``/proc``. A process
  that both clears its environment and detaches escapes it: the cgroup does not.

Without ``/proc`` (macOS), only the process group is killed, as before.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from pathlib import Path
from typing import Protocol

TOKEN = "NOTEBOOK_GEN_KERNEL"
"""Environment variable naming the kernel a process descends from."""
_ROUNDS = 20
"""Sweeps of /proc at most: a process forking while it is killed needs a second look."""
_counter = itertools.count()


class Tracker(Protocol):
    """Finds and kills what one kernel started."""

    def adopt(self, pid: int) -> None:
        """Track the kernel's process (called once it started, before any cell runs)."""

    def reap(self) -> int:
        """Kill every process the kernel started (the kernel too); how many were killed."""


def new_token() -> str:
    """A value for :data:`TOKEN` that no other kernel, in this run or another, has."""
    return f"{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}"


def tracker(token: str) -> Tracker:
    """A cgroup tracker when a cgroup can be made here, else a ``/proc`` tracker."""
    group = _new_cgroup()
    return CgroupTracker(group) if group is not None else ProcTracker(token)


def cgroups_available() -> bool:
    """Whether kernels are tracked in cgroups here (else through ``/proc``)."""
    group = _new_cgroup()
    if group is None:
        return False
    with contextlib.suppress(OSError):
        group.rmdir()
    return True


class ProcTracker:
    """Tracks a kernel's processes through ``/proc``: its descendants and its token."""

    def __init__(self, token: str) -> None:
        self.marker = b"\0" + f"{TOKEN}={token}".encode() + b"\0"

    def adopt(self, pid: int) -> None:
        """Nothing to do: the kernel carries the token from its start."""

    def reap(self) -> int:
        killed: set[int] = set()
        for _ in range(_ROUNDS):
            found = self.processes() - {os.getpid()}
            if not found:
                break
            for pid in found:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
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
        for pid in _pids():
            stat = _stat(pid)
            if stat is None or stat[1] == "Z":
                continue
            parents[pid] = stat[0]
            if self.marker in _environ(pid):
                marked.add(pid)
        return _with_descendants(marked, parents)


class CgroupTracker:
    """Tracks a kernel's processes in a cgroup of their own (removed by :meth:`reap`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def adopt(self, pid: int) -> None:
        with contextlib.suppress(OSError):  # the kernel already exited: nothing to track
            (self.directory / "cgroup.procs").write_text(f"{pid}\n")

    def reap(self) -> int:
        killed = 0
        for _ in range(_ROUNDS * 10):
            pids = self.members()
            if not pids:
                break
            killed = max(killed, len(pids))
            if not _write(self.directory / "cgroup.kill", "1"):
                for pid in pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)
        with contextlib.suppress(OSError):
            self.directory.rmdir()
        return killed

    def members(self) -> set[int]:
        """The processes in the cgroup now."""
        try:
            text = (self.directory / "cgroup.procs").read_text()
        except OSError:
            return set()
        return {int(line) for line in text.split()}


def _new_cgroup() -> Path | None:
    """A new, empty cgroup v2 below this process's own, or None where none can be made."""
    own = _own_cgroup()
    if own is None:
        return None
    _remove_stale(own)
    directory = own / f"notebook-gen-{os.getpid()}-{next(_counter)}"
    try:
        directory.mkdir()
    except OSError:
        return None
    if not (directory / "cgroup.procs").is_file():
        with contextlib.suppress(OSError):
            directory.rmdir()
        return None
    return directory


_swept: set[Path] = set()


def _remove_stale(own: Path) -> None:
    """Remove the empty cgroups that killed runs left (their process is gone), once."""
    if own in _swept:
        return
    _swept.add(own)
    for directory in own.glob("notebook-gen-*-*"):
        owner = directory.name.split("-")[2]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            with contextlib.suppress(OSError):
                directory.rmdir()  # fails, harmlessly, while a process is still in it


def _own_cgroup() -> Path | None:
    """This process's cgroup v2 directory (``0::/path`` under the cgroup2 mount)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return None
    path = next((line[3:] for line in lines if line.startswith("0::")), None)
    mount = next((fields[1] for fields in map(str.split, mounts)
                  if len(fields) > 2 and fields[2] == "cgroup2"), None)
    if path is None or mount is None:
        return None
    directory = Path(mount) / path.lstrip("/")
    return directory if os.access(directory, os.W_OK) else None


def _write(path: Path, text: str) -> bool:
    try:
        path.write_text(text)
    except OSError:
        return False
    return True


def _pids() -> list[int]:
    try:
        return [int(entry.name) for entry in os.scandir("/proc") if entry.name.isdigit()]
    except OSError:
        return []


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of a process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes().decode(errors="replace")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0]


def _environ(pid: int) -> bytes:
    try:
        return b"\0" + Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


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
