"""The ``notebook-gen`` command: argument parsing and a call into the pipeline, nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from notebook_gen import __version__
from notebook_gen.commands import build_command

USAGE_ERROR = 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notebook-gen",
        description="Turn documentation pages into runnable Colab notebooks.",
    )
    parser.add_argument("--version", action="version", version=f"notebook_gen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_command.register(commands)
    for module_name in ("notebook_gen.links.command", "notebook_gen.execute.command",
                        "notebook_gen.report.command"):
        _register_optional(commands, module_name)
    return parser


def _register_optional(commands: Any, module_name: str) -> None:
    """Commands whose module is present register themselves."""
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return
        raise
    module.register(commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failures, 2 usage)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except UsageError as error:
        parser.error(str(error))  # exits with status 2
        return USAGE_ERROR


class UsageError(Exception):
    """A command-line value that cannot be used (a missing folder, a bad number)."""


def existing_folder(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise UsageError(f"{value}: no such folder")
    return path
