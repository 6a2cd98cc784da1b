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


def build_loads(source: Path, out: Path, package: str, modules: Sequence[str], *,
                all_pages: bool = False) -> list[str]:
    """Run one ``build`` of ``source`` into ``out`` (one worker, ``package`` documented) in a
    new interpreter, and say which of ``modules`` it loaded: how the tests tell the quick
    check (no pool, no exports reader) from a full build."""
    code = ("import json, sys\nfrom pathlib import Path\n"
            "from notebook_gen.builder.build import BuildOptions, build\n"
            "from notebook_gen.convert.options import ConvertOptions\n"
            "from notebook_gen.links.urls import LinkContext\n"
            f"options = BuildOptions(source=Path({str(source)!r}), out=Path({str(out)!r}), "
            f"jobs=1, all_pages={all_pages}, package={package!r}, "
            f"convert=ConvertOptions(link_context=LinkContext(package={package!r})))\n"
            "build(options)\n"
            f"print(json.dumps([name for name in {list(modules)!r} if name in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded
