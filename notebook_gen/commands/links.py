"""``notebook-gen links [DOCS_SOURCE] --check``: the link check from the command line.

Exit code 0 when every relative link and anchor lands, 1 when some are broken
(or, with ``--strict-links``, when an API reference cannot be resolved).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from notebook_gen.build.discover import tree_pages
from notebook_gen.build.package import default_package
from notebook_gen.links.check import CheckReport, check_tree
from notebook_gen.links.fences import blank_fences
from notebook_gen.links.inventory import Inventory, TreePages
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.urls import LinkContext


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``links`` subcommand to the CLI's subparsers (sets ``func``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "links", help="check relative links, anchors and API references of a docs tree"
    )
    parser.add_argument("docs_source", nargs="?", default="docs/source", type=Path)
    parser.add_argument("--check", action="store_true", help="check links (the default action)")
    parser.add_argument(
        "--package", help="documented package (default: inferred from the tree, as build does)"
    )
    parser.add_argument(
        "--strict-links", action="store_true", help="unresolved API references are errors"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the check and print ``path:line: message`` for every problem."""
    root: Path = args.docs_source
    if not root.is_dir():
        print(f"{root}: no such docs folder", file=sys.stderr)
        return 2
    package = args.package or default_package(root)
    pages = tree_pages(root)
    report = check_tree(pages, package)
    for broken in report.broken:
        print(broken)
    unresolved = unresolved_refs(pages, package)
    for where in unresolved if args.strict_links else ():
        print(where)
    print(summary(report, len(unresolved)), file=sys.stderr)
    failed = bool(report.broken) or (args.strict_links and bool(unresolved))
    return 1 if failed else 0


def unresolved_refs(tree: TreePages, package: str) -> list[str]:
    """Every unresolved API reference of the tree, as ``path:line: message``."""
    docs_root = tree.root
    inventory = Inventory.from_tree(tree)
    resolver = LinkResolver(inventory, package)
    found: list[str] = []
    for lang, page, path in tree.pages:
        ctx = LinkContext(package=package, lang=lang, page=page)
        _, refs = resolver.rewrite(blank_fences(path.read_text(encoding="utf-8")), ctx)
        shown = path.relative_to(docs_root).as_posix()
        found.extend(f"{shown}:{ref.line}: `{ref.name}`: {ref.reason}" for ref in refs)
    return found


def summary(report: CheckReport, unresolved: int) -> str:
    """One line for the end of the output."""
    return (
        f"{report.pages} pages, {report.relative_links} relative links, "
        f"{report.anchors} anchored links: {len(report.broken)} broken; "
        f"{unresolved} unresolved API references"
    )
