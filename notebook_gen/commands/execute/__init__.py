"""``notebook-gen execute``: its arguments. What it does is in :mod:`.run`, imported
only when the command runs (the kernel machinery is dear to import)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from notebook_gen.commands.options import add_report_files, lazy
from notebook_gen.execute.options import OutputCheck, limit
from notebook_gen.links.urls import branch_problem


def register(subparsers: Any) -> None:
    """Add the ``execute`` command to the CLI's subparsers."""
    parser = subparsers.add_parser(
        "execute",
        help="run notebooks and report like a test suite",
        description="Run each notebook in its own kernel and a fresh temporary directory "
        "(the files are never modified). Exits 1 if any notebook failed or timed out, "
        "130 if interrupted.",
    )
    _add_selection(parser.add_argument_group("what to run"))
    _add_limits(parser.add_argument_group("how to run"))
    _add_checks(parser.add_argument_group("checks and outputs"))
    _add_links(parser.add_argument_group("links in reports"))
    add_report_files(parser)
    parser.set_defaults(func=lazy("notebook_gen.commands.execute.run", "execute_command"))


def _add_selection(group: Any) -> None:
    group.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        metavar="NOTEBOOKS_DIR",
        help="directories or notebook files (default: notebooks_out)",
    )
    group.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="GLOB",
        help="only notebooks whose path or file name matches (repeatable)",
    )
    group.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="LANG",
        help="only notebooks of pages in this language (repeatable)",
    )
    group.add_argument("--shard", metavar="I/N", help="only the I-th of N stable slices")
    group.add_argument(
        "--durations",
        type=Path,
        metavar="REPORT.json",
        help="balance --shard by the seconds each notebook took in this JSON report of "
        "an earlier run (default: by count)",
    )


def _add_limits(group: Any) -> None:
    group.add_argument("--kernel", default="python3", help="kernel name (default: python3)")
    group.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        help="notebooks run at once (default: number of cores)",
    )
    group.add_argument(
        "--timeout",
        type=_seconds("timeout"),
        default=600.0,
        metavar="SECONDS",
        help="limit per cell; 'inf' or 'none' for no limit (default: 600)",
    )
    group.add_argument(
        "--notebook-timeout",
        type=_seconds("notebook timeout"),
        metavar="SECONDS",
        help="limit per notebook, kernel start excluded (default: none)",
    )
    group.add_argument(
        "--no-install",
        action="store_true",
        help="skip cells tagged 'install' (the packages are already installed)",
    )
    group.add_argument(
        "--retries",
        type=int,
        default=0,
        metavar="N",
        help="re-run a notebook that failed with a network error N times",
    )
    group.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="do not re-run notebooks that passed unchanged (reported cached)",
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        help="give each kernel a HOME and a TMPDIR inside its notebook's temporary folder",
    )


def _seconds(what: str) -> Any:
    """An argparse type: seconds, or 'inf'/'none' (None: no limit); a usage error otherwise."""

    def parse(text: str) -> float | None:
        try:
            return limit(text, what)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _add_links(group: Any) -> None:
    group.add_argument(
        "--repository",
        metavar="OWNER/NAME",
        help="GitHub repository of the notebooks and their pages: reports link each failure "
        "to its page line and each notebook to Colab (default: from git remote origin of the "
        "notebooks' folder when it is on GitHub; '' for no links)",
    )
    group.add_argument(
        "--branch", type=_branch, default="main", help="branch the links name (default: main)"
    )


def _branch(text: str) -> str:
    """An argparse type: a branch name git accepts (:func:`branch_problem`, the rule the
    build's Colab links follow too); a usage error otherwise."""
    if (problem := branch_problem(text)) is not None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a branch name ({problem})")
    return text


def _add_checks(group: Any) -> None:
    group.add_argument(
        "--check-outputs",
        nargs="?",
        const="warn",
        default="off",
        choices=[check.value for check in OutputCheck],
        help="compare printed output with the page's: 'warn' (the default "
        "when given without a value) or 'strict' (mismatches fail)",
    )
    group.add_argument(
        "--write-executed",
        type=Path,
        metavar="DIR",
        help="save executed copies, large outputs truncated (cached and "
        "skipped notebooks, and those with nothing to run, are not run, so not saved)",
    )
    group.add_argument(
        "--quiet", "-q", action="store_true", help="no line per notebook while running"
    )


