"""Remember notebooks that passed, so an unchanged notebook is not run again.

The key is a fingerprint of everything that decides the outcome: the notebook's
code (:func:`notebook_gen.execute.units.code_key`: the cells that run, not the
prose around them, so a prose edit, or another variant of the page with the same
code, finds the entry), the kernel, its Python, the whole environment (every installed
distribution with its version and its ``RECORD`` of file hashes, and the source
files of editable installs, by content: a docs CI installs the documented
library with ``pip install -e .``, and an edit there changes nothing else), and
the options that change what runs. Only passes are stored: a failure is always
run again.

An entry counts only when it is what :meth:`Cache.remember` writes, for that
key: a file of random bytes, or another key's entry, is not a pass. A cache
folder that cannot be used (a file, read-only) is a warning, and the run goes
on without a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notebook_gen.atomic import atomic_text
from notebook_gen.execute.environment import Environment
from notebook_gen.execute.jobs import Job, framework_modules
from notebook_gen.execute.options import ExecuteOptions
from notebook_gen.execute.results import NotebookResult
from notebook_gen.execute.units import code_key

FORMAT = "notebook-gen-cache/1"
_MAX_ENTRY = 64 * 1024
"""Bytes an entry may have; anything larger is not one of ours."""


def fingerprint(job: Job, environment: Environment, options: ExecuteOptions) -> str:
    """The cache key of ``job`` run in ``environment`` with ``options``."""
    modules = set(job.imports) | framework_modules([job])
    facts = {
        "code": code_key(job, options),
        "kernel": environment.kernel,
        "python": environment.python,
        "environment": environment.digest,
        "packages": environment.versions(modules),
        "no_install": options.no_install,
        "check_outputs": options.check_outputs.value,
        "sandbox": options.sandbox,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


@dataclass
class Cache:
    """A directory of ``<fingerprint>.json`` files, one per notebook that passed."""

    directory: Path
    warnings: list[str] = field(default_factory=list)
    """What went wrong with the cache itself (the run goes on without it)."""

    @classmethod
    def open(cls, directory: Path) -> Cache:
        """The cache in ``directory``, or a disabled one with a warning when the folder
        cannot be created or written."""
        cache = cls(directory)
        if directory.exists() and not directory.is_dir():
            cache.warnings.append(f"--cache {directory}: not usable (not a folder); "
                                  "running without a cache")
            return cache
        try:
            directory.mkdir(parents=True, exist_ok=True)
            handle, probe = tempfile.mkstemp(dir=directory, prefix=".probe-", suffix=".tmp")
            os.close(handle)
            os.unlink(probe)
        except OSError as error:
            cache.disable(error)
        return cache

    @property
    def usable(self) -> bool:
        return not self.warnings

    def disable(self, error: OSError) -> None:
        """Stop using the cache, saying why once."""
        if self.usable:
            reason = error.strerror or str(error)
            self.warnings.append(
                f"--cache {self.directory}: not usable ({reason}); running without a cache"
            )

    def has(self, key: str) -> bool:
        """Whether a notebook with this fingerprint passed before (a valid entry exists)."""
        if not self.usable:
            return False
        try:
            with self._path(key).open("rb") as stream:
                data = stream.read(_MAX_ENTRY + 1)
            entry = json.loads(data) if len(data) <= _MAX_ENTRY else None
        except (OSError, ValueError, RecursionError):
            return False
        return _valid(entry, key)

    def remember(self, key: str, result: NotebookResult) -> None:
        """Record a passing result (written atomically; parallel runs may share the cache)."""
        if not self.usable:
            return
        entry = {"format": FORMAT, "key": key, "status": "passed", "name": result.name,
                 "seconds": round(result.seconds, 3)}
        try:
            with atomic_text(self._path(key), errors="backslashreplace") as out:
                json.dump(entry, out)
        except OSError as error:  # the disk filled, the folder went away
            self.disable(error)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"


def _valid(entry: Any, key: str) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("format") == FORMAT
        and entry.get("key") == key
        and entry.get("status") == "passed"
    )
