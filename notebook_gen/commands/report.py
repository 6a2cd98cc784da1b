"""``notebook-gen report merge``: one report from the JSON results of several shards.

Its arguments are declared at import, which loads no renderer (``--help`` stays quick); what
it does, :func:`run_merge`, imports the report formats when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from notebook_gen.commands.options import add_report_files


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
    parser.set_defaults(func=run_merge)


def run_merge(args: argparse.Namespace) -> int:
    """Merge, print the table, write the requested files; 1 if anything failed."""
    from notebook_gen.report import console, formats, json_file

    try:
        report = json_file.merge(json_file.read(path) for path in args.reports)
    except (OSError, ValueError) as error:
        print(f"notebook-gen report merge: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(console.render(report))
    formats.write_requested(report, args)
    return 1 if report.failed else 0
