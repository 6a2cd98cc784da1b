"""``notebook-gen report merge``, what it does: one report from the JSON results of several
shards. Its arguments are in :mod:`.report`."""

from __future__ import annotations

import argparse
import sys

from notebook_gen.report import console, formats, json_file
from notebook_gen.report.merge import merge


def run_merge(args: argparse.Namespace) -> int:
    """Merge, print the table, write the requested files; 1 if anything failed."""
    try:
        report = merge(json_file.read(path) for path in args.reports)
    except (OSError, ValueError) as error:
        print(f"notebook-gen report merge: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(console.render(report))
    formats.write_requested(report, args)
    return 1 if report.failed else 0
