"""The knobs of an execution run, named and documented in one place."""

from __future__ import annotations

import math
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
    timeout: float | None = 600.0
    """Seconds one cell may run; None (or infinity) for no limit."""
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
    sandbox: bool = False
    """Run each kernel with ``HOME`` and ``TMPDIR`` inside its notebook's temporary folder."""
    ahead: int = 1
    """Kernels started ahead of the notebooks that will run in them (0: none)."""
    share_runs: bool = True
    """Run each distinct unit of code once (:mod:`notebook_gen.execute.units`), and a
    notebook with nothing to run not at all. False starts a kernel for every notebook,
    as before units existed: the benchmarks compare the two."""

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        # frozen: normalised values are set through object.__setattr__
        object.__setattr__(self, "timeout", limit(self.timeout, "timeout"))
        object.__setattr__(
            self, "notebook_timeout", limit(self.notebook_timeout, "notebook timeout")
        )
        if self.ahead < 0:
            raise ValueError(f"ahead must be at least 0, not {self.ahead}")
        if self.retries < 0:
            raise ValueError(f"retries must be at least 0, not {self.retries}")


def limit(seconds: float | str | None, what: str) -> float | None:
    """A time limit in seconds: None for no limit (``None``, infinity, ``"inf"``,
    ``"none"``); ValueError naming ``what`` for zero, a negative number or NaN."""
    if isinstance(seconds, str):
        text = seconds.strip().lower()
        if text in {"none", "inf", "infinity", "unlimited"}:
            return None
        try:
            seconds = float(text)
        except ValueError:
            raise ValueError(f"{what} {seconds!r}: expected seconds, or 'inf'/'none' "
                             "for no limit") from None
    if seconds is None or (math.isinf(seconds) and seconds > 0):
        return None
    if math.isnan(seconds) or seconds <= 0:
        raise ValueError(f"{what} must be positive seconds (or 'inf'/'none'), not {seconds:g}")
    return float(seconds)
