"""``notebook-gen report merge``: its arguments. What it does is in :mod:`.run`,
imported only when the command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notebook_gen.commands.options import add_report_files, lazy


def register(subparsers: Any) -> None:
    """Add the ``report`` command (with its ``merge`` subcommand) to the CLI."""
    report = subparsers.add_parser("report", help="work with execution reports")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    parser = actions.add_parser(
        "merge",
        help="combine the --json reports of several shards",
        description="Combine the --json reports of several 'execute --shard' runs into one "
        "report; exits 1 if any notebook failed.",
    )
    parser.add_argument("reports", nargs="+", type=Path, metavar="REPORT.json")
    add_report_files(parser)
    parser.set_defaults(func=lazy("notebook_gen.commands.report.run", "run_merge"))


