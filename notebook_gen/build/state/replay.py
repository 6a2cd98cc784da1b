"""The no-op replay: a build that changed nothing is answered next time from ``stat`` alone.

Most builds of a docs repository change nothing (``make notebooks`` on every commit, a
pre-commit hook). Such a build is often settled by the quick check
(:mod:`notebook_gen.build.quick`), but a whole process still pays for Python's start, the
imports of the build, the argument parser, the settings, a ``git`` query for the
repository, and the manifest. So when a build wrote, removed and cleared nothing and raised
no error (and read no other library's inventory), the command leaves a record of it
(:func:`save_record`): the exact command line, working folder and environment it ran in,
the ``stat`` of everything its answer depends on, and what it printed. The next run of the
same command (:func:`replay`, called before anything else is imported) compares those
``stat`` results; when every one is as recorded, it prints the same lines (with its own
elapsed time) and exits, without parsing its arguments.

What the record covers, each file by size, mtime, ctime and inode (a file rewritten with
its old mtime still has a new ctime), each folder by the same (a page added, removed or
renamed changes its folder's mtime), and each path looked for and not found by its absence:

- the docs source, and every folder and file under it (but the ``.``- and ``_``-folders
  discovery skips): pages, configs, toctrees, languages;
- every folder and file under the output folder (notebooks, index, manifest), and the names
  at its top (where the build's lock file comes and goes); not the quick check's snapshot,
  which a no-op may refresh, since the full build says what the quick check says;
- the ``pyproject.toml`` of every folder above the docs source and the working folder (the
  settings), the files ``git`` reads for the repository (``.git`` above the output folder,
  its config, the global configs), the places the package's source is looked for, and
  every folder and file of that source when the links were read from it (but bytecode);
- the modules of notebook_gen itself that the build loaded, and its version.

A record is only written when nothing it covers was modified since a second before the
command started: a file changed while the build ran, or within the same clock tick of a
coarse file system as the build read it, may hold what the build never saw.
Anything else, a record that cannot be read included, means no replay: the build runs as
usual. Records live in the user's cache folder (``$XDG_CACHE_HOME/notebook-gen/replay``,
else ``~/.cache/...``), one per command line and folder, the newest :data:`KEPT` of them;
``NOTEBOOK_GEN_NO_REPLAY=1`` turns them off (neither read nor written).

This module is imported before anything else of a ``build`` command: it imports only what
reading a record needs (``os``, ``sys``, ``json``, ``time``, ``binascii``).
"""

from __future__ import annotations

import binascii
import json
import os
import stat
import sys
import time

FORMAT = 1
OFF = "NOTEBOOK_GEN_NO_REPLAY"
RECENT_NS = 1_000_000_000
"""Nothing the record covers may have been modified later than this (1 s) before the
command started."""
_ENVIRONMENT = ("PATH", "HOME", "XDG_CONFIG_HOME")
"""Variables that decide what the build prints besides its files: where ``git`` is and
which global configs it reads (every ``GIT_*`` variable counts too)."""

KEPT = 32
"""Records kept in the cache folder: the newest; older ones (other folders, other command
lines) are removed when a record is written."""

Stamp = list[int]
"""[size, mtime ns, ctime ns, inode, 1 for a folder else 0]."""


def _version() -> str:
    from notebook_gen.version import __version__

    return __version__


def key(argv: list[str]) -> list[object]:
    """What the record is made for: the command line, the working folder, the terminal
    (progress lines go to stderr only when it is not one) and the environment."""
    environment = sorted((name, value) for name, value in os.environ.items()
                         if name in _ENVIRONMENT or name.startswith("GIT_"))
    return [list(argv), os.getcwd(), sys.stderr.isatty(), environment, sys.executable,
            _version()]


def record_path(made_for: list[object]) -> str | None:
    """The record file for this :func:`key`; None when replay is off."""
    if os.environ.get(OFF, "") not in ("", "0"):
        return None
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = f"{binascii.crc32(json.dumps(made_for).encode()):08x}.json"
    return os.path.join(cache, "notebook-gen", "replay", name)


def stamp(info: os.stat_result) -> Stamp:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
            int(stat.S_ISDIR(info.st_mode))]


def _matches(folder: str, entries: list[list[object]]) -> bool:
    for entry in entries:
        path = os.path.join(folder, str(entry[0]))
        if len(entry) == 1:  # recorded as absent
            try:
                os.lstat(path)
            except OSError:
                continue
            return False
        try:
            if stamp(os.stat(path)) != entry[1:]:
                return False
        except OSError:
            return False
    return True


def replay(argv: list[str]) -> int | None:
    """Print what the recorded no-op printed and return its exit status (0), when the
    same command runs in the same folder and nothing the record covers has changed; None
    otherwise (run the build)."""
    started = time.perf_counter()
    made_for = key(argv)
    path = record_path(made_for)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
        if record["format"] != FORMAT or record["key"] != json.loads(json.dumps(made_for)):
            return None  # another command line that happens to share the file name
        top, names = record["top"]
        if sorted(os.listdir(top)) != names:
            return None
        if not all(_matches(folder, entries) for folder, entries in record["stamps"]):
            return None
        chunks = [(int(stream), str(text)) for stream, text in record["printed"]]
        summary = str(record["summary"])
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError):
        return None
    for stream, text in chunks:  # each flushed, so that 2>&1 keeps the build's order
        target = sys.stdout if stream == 1 else sys.stderr
        target.write(text)
        target.flush()
    print(f"{summary}{time.perf_counter() - started:.1f} s)", flush=True)
    return 0


class _Stamps:
    """The stamps of a record, by folder, as the record is made."""

    def __init__(self) -> None:
        self.folders: dict[str, list[list[object]]] = {}
        self.newest = 0

    def add(self, path: str) -> bool:
        """Stamp ``path`` (or its absence); False when it cannot be (a dangling link)."""
        folder, name = os.path.split(os.path.abspath(path))
        entries = self.folders.setdefault(folder, [])
        try:
            info = os.stat(path)
        except OSError:
            if os.path.lexists(path):
                return False
            entries.append([name])
            return True
        entries.append([name, *stamp(info)])
        self.newest = max(self.newest, info.st_mtime_ns, info.st_ctime_ns)
        return True

    def tree(self, top: str, *, skipped: tuple[str, ...] = (), skip: str = "") -> bool:
        """Stamp every folder and file under ``top`` (not ``top`` itself, nor ``skip``, nor
        the folders whose names start with one of ``skipped``)."""
        for folder, subfolders, files in os.walk(top):
            if skipped:
                subfolders[:] = [name for name in subfolders if not name.startswith(skipped)]
            for name in (*subfolders, *files):
                path = os.path.join(folder, name)
                if path != skip and not self.add(path):
                    return False
        return True


def _own_modules() -> list[str]:
    """The files of notebook_gen's modules this process loaded."""
    files = {getattr(module, "__file__", None) for name, module in list(sys.modules.items())
             if name == "notebook_gen" or name.startswith("notebook_gen.")}
    return sorted(file for file in files if file)


def save_record(argv: list[str], printed: list[tuple[int, str]], summary: str, source: str,
                out: str, probes: list[str], started_ns: int,
                package_source: str | None = None) -> bool:
    """Leave the record of a no-op build (see the module's docstring): ``printed`` is what
    it wrote ((1 stdout or 2 stderr, text) in order, the summary line excepted), ``summary``
    the summary line up to its elapsed time, ``probes`` the paths the build looked at
    besides its trees (each mechanism lists its own: the settings search, git, the package
    source's places), ``started_ns`` the wall clock when the command started,
    ``package_source`` the package's source folder when the links were read from it.
    True when a record was written; not when replay is off, something it covers was
    modified since a second before the command started (it may have changed after the
    build looked at it), or it cannot be written (it is only a shortcut: nothing is
    lost)."""
    made_for = key(argv)
    path = record_path(made_for)
    if path is None:
        return False
    stamps = _Stamps()
    from notebook_gen.build.state.snapshot import SNAPSHOT_NAME

    if not (all(stamps.add(probe) for probe in (*probes, *_own_modules()))
            and stamps.add(source) and stamps.tree(source, skipped=(".", "_"))
            and (package_source is None or (stamps.add(package_source) and stamps.tree(
                package_source, skipped=(".", "__pycache__"))))
            and stamps.tree(out, skip=os.path.join(out, SNAPSHOT_NAME))):
        return False
    try:
        top = sorted(os.listdir(out))
    except OSError:
        return False
    if stamps.newest >= started_ns - RECENT_NS:
        return False
    record = {"format": FORMAT, "key": made_for, "top": [os.path.abspath(out), top],
              "stamps": sorted(stamps.folders.items()), "printed": printed,
              "summary": summary}
    from pathlib import Path

    from notebook_gen.atomic import write_atomic

    try:
        write_atomic(Path(path), [json.dumps(record, ensure_ascii=False, separators=(",", ":"))])
    except OSError:
        return False
    _prune(os.path.dirname(path))
    return True


def _prune(folder: str) -> None:
    """Keep the :data:`KEPT` newest records of ``folder`` (a record is a few hundred KB for
    a large tree; one per command line and folder would otherwise pile up)."""
    try:
        with os.scandir(folder) as entries:
            records = sorted(((entry.stat().st_mtime_ns, entry.path) for entry in entries
                              if entry.name.endswith(".json") and entry.is_file()),
                             reverse=True)
        for _, old in records[KEPT:]:
            os.unlink(old)
    except OSError:
        pass  # another build pruning at the same time, say: only a cache
