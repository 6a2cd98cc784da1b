"""Remember notebooks that passed, so an unchanged notebook is not run again.

The key is a fingerprint of everything that decides the outcome: the notebook's
content, the kernel, the kernel's Python version, the versions of the packages
the notebook imports (and of its frameworks), and the options that change what
runs. Only passes are stored: a failure is always run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.execute.environment import Environment
from notebook_gen.execute.options import ExecuteOptions
from notebook_gen.execute.results import NotebookResult
from notebook_gen.execute.select import Job, framework_modules


def fingerprint(job: Job, environment: Environment, options: ExecuteOptions) -> str:
    """The cache key of ``job`` run in ``environment`` with ``options``."""
    modules = set(job.imports) | framework_modules([job])
    facts = {
        "notebook": job.sha256,
        "kernel": environment.kernel,
        "python": environment.python,
        "packages": environment.versions(modules),
        "no_install": options.no_install,
        "check_outputs": options.check_outputs.value,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Cache:
    """A directory of ``<fingerprint>.json`` files, one per notebook that passed."""

    directory: Path

    def has(self, key: str) -> bool:
        """Whether a notebook with this fingerprint passed before."""
        return self._path(key).is_file()

    def remember(self, key: str, result: NotebookResult) -> None:
        """Record a passing result (written atomically; parallel runs may share the cache)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"name": result.name, "seconds": round(result.seconds, 3)}
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entry, stream)
        os.replace(temporary, self._path(key))

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"
