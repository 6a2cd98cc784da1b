"""A command line run in a fresh interpreter, and which of some modules it loaded: the tests
that keep ``--help`` and a no-op build light."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class Run(NamedTuple):
    status: int
    """What ``main`` returned, or the code it exited with (``--help``)."""
    loaded: list[str]
    """The modules asked about that were loaded, in the order asked."""
    stdout: str
    stderr: str


def run_command(argv: Sequence[str], modules: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``notebook_gen.cli.main(argv)`` in a new interpreter."""
    code = ("import json, sys\nfrom notebook_gen.cli import main\ntry:\n"
            f"    status = main({list(argv)!r})\nexcept SystemExit as stop:\n"
            "    status = stop.code\n"
            f"loaded = [name for name in {list(modules)!r} if name in sys.modules]\n"
            "print(json.dumps([status, loaded]), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=cwd)
    *command_err, last = done.stderr.splitlines(keepends=True)
    status, loaded = json.loads(last)
    return Run(status, loaded, done.stdout, "".join(command_err))
