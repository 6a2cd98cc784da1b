"""The ``notebook-gen`` command: argument parsing and a call into the pipeline, nothing else.

Each sub-command is one package, ``commands/<name>/``: its ``__init__`` holds the arguments
(``register(subparsers)``) and imports nothing of the command's work; its ``func`` imports
``commands/<name>/run.py``, what the command does, when the command runs (``report``, small,
is one module that imports its work inside its ``func``). So ``--help`` and
``--version`` load no command, and ``build`` never loads the kernel machinery of ``execute``.
Only the parser of the command being run is built (all of them for ``--help``). A lone
``--version`` is answered before any of that.
"""

from __future__ import annotations

import os
import select
import sys

from notebook_gen.version import GENERATOR

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

SIGPIPE_STATUS = 141
"""128 + SIGPIPE: what a shell reports for a tool stopped by a closed pipe (``yes | head``)."""
COMMANDS = {
    "build": "notebook_gen.commands.build",
    "links": "notebook_gen.commands.links",
    "execute": "notebook_gen.commands.execute",
    "report": "notebook_gen.commands.report",
}


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with every sub-command or only the one named by ``only``."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog="notebook-gen",
        description="Turn documentation pages into runnable Colab notebooks.",
    )
    parser.add_argument("--version", action="version", version=GENERATOR)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module_name).register(commands)
    return parser


def _requested_command(argv: Sequence[str]) -> str | None:
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failures, 2 usage, 130
    interrupted, 141 when the reader of its output went away: ``build | head -1``)."""
    try:
        status = _run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a reader gone shows here, not in a message at exit
    except BrokenPipeError:
        if not _stdout_closed():
            raise
        # Python's advice for SIGPIPE: what is still buffered for stdout goes nowhere, so
        # that the interpreter's last flush does not complain about it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_STATUS
    return status


def _stdout_closed() -> bool:
    """Whether stdout is a pipe whose reader has gone (a broken pipe elsewhere is a bug)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll, or stdout has no descriptor
        return True


def _run(arguments: list[str]) -> int:
    if arguments == ["--version"]:  # what the parser's version action prints, without it
        print(GENERATOR)
        return 0
    args = make_parser(_requested_command(arguments)).parse_args(arguments)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("notebook-gen: interrupted", file=sys.stderr)
        return 130
