"""``notebook-gen links [DOCS_SOURCE] --check``: the link check from the command line.

Exit code 0 when every relative link and anchor lands, 1 when some are broken
(or, with ``--strict-links``, when an API reference cannot be resolved), 2 on bad usage.
``--export-inventory FILE.json`` writes the tree's API inventory for other libraries'
builds (``--external NAME=FILE.json``) and checks nothing unless ``--check`` is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from notebook_gen.atomic import write_atomic
from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.builder.inputs.package import tree_package
from notebook_gen.commands.options import UsageError, externals_from, read_settings, resolve
from notebook_gen.errors import PageError
from notebook_gen.links.api import ApiIndex
from notebook_gen.links.check import CheckReport, check_tree
from notebook_gen.links.exports import PackageSource, find_package_source
from notebook_gen.links.external import ExternalDocs, dump_inventory
from notebook_gen.links.inventory import Inventory, TreePages, page_text
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.scanner import blank_fences
from notebook_gen.links.urls import LinkContext
from notebook_gen.settings import find_pyproject


def run(args: argparse.Namespace) -> int:
    """Run the check and print ``path:line: message`` for every problem."""
    start = Path(args.source) if args.source else Path.cwd()  # the docs' project, as build
    try:
        settings = read_settings(find_pyproject(start))
    except (PageError, UsageError) as error:
        print(f"notebook-gen links: error: {error}", file=sys.stderr)
        return 2
    values = resolve(args, settings, "links")
    root = Path(values["source"])
    if not root.is_dir():
        print(f"notebook-gen links: error: {root}: no such docs folder", file=sys.stderr)
        return 2
    pages = tree_pages(root)
    inventory = Inventory.from_tree(pages)  # read once, for all that follows
    package = values["package"]
    if not package:  # inferred as a build infers it, and said as a build says it
        choice = tree_package(pages, inventory)
        package = choice.name
        print(choice.note(), file=sys.stderr)
        for warning in choice.warnings():
            print(f"warning: {warning.message}", file=sys.stderr)
    source = find_package_source(root, package)
    strict = values["strict_links"]
    try:
        externals = externals_from(args, settings)
    except PageError as error:
        print(f"notebook-gen links: error: {error}", file=sys.stderr)
        return 2
    if values["export_inventory"]:
        export_inventory(inventory, source, package, values["export_inventory"])
        if not values["check"]:
            return 0
    report = check_tree(pages, package, inventory, source)
    for problem in report.unreadable:
        print(f"error: {problem}", file=sys.stderr)
    for broken in report.broken:
        print(broken)
    unresolved = unresolved_refs(pages, package, externals, inventory, source)
    for where in unresolved if strict else ():
        print(where)
    print(summary(report, len(unresolved)), file=sys.stderr)
    failed = bool(report.broken or report.unreadable) or (strict and bool(unresolved))
    return 1 if failed else 0


def export_inventory(inventory: Inventory, source: PackageSource | None, package: str,
                     path: Path) -> None:
    """Write the tree's inventory as JSON (atomically) and say what it holds."""
    index = ApiIndex(inventory, package, source=source)
    write_atomic(path, dump_inventory(inventory, index, exact=source is not None))
    anchors = ("from the package's exports" if source
               else f"as the directives write them ({package}.<path>)")
    objects = len({entry.name for entry in inventory.entries})
    print(f"{path}: {objects} documented objects of {package} ({len(inventory.entries)} "
          f"[[autodoc]] directives), anchors {anchors}", file=sys.stderr)


def unresolved_refs(tree: TreePages, package: str, externals: tuple[ExternalDocs, ...],
                    inventory: Inventory, source: PackageSource | None) -> list[str]:
    """Every unresolved API reference of the tree, as ``path:line: message``."""
    docs_root = tree.root
    resolver = LinkResolver(inventory, package, source=source, externals=externals)
    found: list[str] = []
    for lang, page, path in tree.pages:
        ctx = LinkContext(package=package, lang=lang, page=page)
        try:
            text = page_text(path)
        except OSError:  # the check reports it
            continue
        _, refs = resolver.rewrite(blank_fences(text), ctx)
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
