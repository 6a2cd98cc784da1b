"""The knobs of an execution run, named and documented in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class OutputCheck(StrEnum):
    """What ``--check-outputs`` does with a cell whose output differs from the page's."""

    OFF = "off"
    WARN = "warn"
    """Report the difference as a warning; the notebook still passes."""
    STRICT = "strict"
    """Fail the notebook with class ``output-mismatch``."""


@dataclass(frozen=True)
class ExecuteOptions:
    """How to run notebooks; the defaults are the nightly check's."""

    kernel: str = "python3"
    """Jupyter kernel name; ``python3`` resolves to ipykernel in the running interpreter."""
    jobs: int = os.cpu_count() or 1
    """Notebooks run at once, each in its own kernel."""
    timeout: float = 600.0
    """Seconds one cell may run."""
    notebook_timeout: float | None = None
    """Seconds one notebook may run in total (kernel start excluded); None for no limit."""
    no_install: bool = False
    """Skip cells tagged ``install`` (the packages are already in the environment)."""
    check_outputs: OutputCheck = OutputCheck.OFF
    retries: int = 0
    """Re-runs of a notebook whose failure is of class ``network``."""
    write_executed: Path | None = None
    """Directory for executed copies (with outputs, large ones truncated)."""
    cache: Path | None = None
    """Directory remembering notebooks that passed; they are reported ``cached``."""
    startup_timeout: float = 60.0
    """Seconds a kernel may take to start."""

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")
        if self.notebook_timeout is not None and self.notebook_timeout <= 0:
            raise ValueError(f"notebook timeout must be positive, not {self.notebook_timeout}")
        if self.retries < 0:
            raise ValueError(f"retries must be at least 0, not {self.retries}")
