"""``notebook-gen links [DOCS_SOURCE] --check``: its arguments (what it does
is in :mod:`.run`, imported only when the command runs): the link check.

Exit code 0 when every relative link and anchor lands, 1 when some are broken
(or, with ``--strict-links``, when an API reference cannot be resolved), 2 on bad usage.
``--export-inventory FILE.json`` writes the tree's API inventory for other libraries'
builds (``--external NAME=FILE.json``) and checks nothing unless ``--check`` is given.
"""

from __future__ import annotations

import argparse
from typing import Any

from notebook_gen.commands.options import add_options, lazy, settings_epilog


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``links`` subcommand to the CLI's subparsers (sets ``func``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "links", help="check relative links, anchors and API references of a docs tree",
        description="Check every relative link and anchor of a docs tree (and, with "
        "--strict-links, every API reference). Prints path:line: what is wrong for each. "
        "Exit status: 0 all land, 1 some are broken, 2 a usage mistake.",
        epilog=settings_epilog("links"))
    add_options(parser, "links")
    parser.set_defaults(func=lazy("notebook_gen.commands.links.run", "run"))
    return parser
