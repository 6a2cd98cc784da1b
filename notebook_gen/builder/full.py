"""The full build of a tree: read every page once, settle the tree's choices, convert the
pages that changed (in a process pool) and record them.

This is what a build does unless :mod:`.quick` finds that nothing it reads has changed;
it is imported only then (it loads the converter, the link resolver and the pool), and it
fills a :class:`~notebook_gen.builder.snapshot.Snapshot` for the next build's quick check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from notebook_gen.builder.build import BuildOptions, BuildReport, Progress, _record, _Tree
from notebook_gen.builder.inputs.config import LanguageConfig
from notebook_gen.builder.inputs.discover import (
    Page,
    PageRead,
    matches_glob,
    menu_link_warnings,
    page_name,
    read_page,
)
from notebook_gen.builder.inputs.package import (
    FROM_FOLDER,
    NOTHING_NAMES_IT,
    TreeChoices,
    decide,
    package_modules,
)
from notebook_gen.builder.inputs.repository import repository_digest
from notebook_gen.builder.inputs.toctree import Toctree, read_toctrees
from notebook_gen.builder.manifest import Manifest, PageOutcome
from notebook_gen.builder.output.cleanup import Removals
from notebook_gen.builder.output.folder import OutputFolder
from notebook_gen.builder.pool import PageTask, convert_pages
from notebook_gen.builder.quick import stamp_package, stamp_tree_files, toctree_digest
from notebook_gen.builder.snapshot import Snapshot
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.links.exports import find_package_source
from notebook_gen.links.inventory import ApiEntry, Inventory, scan_autodoc
from notebook_gen.links.resolve import LinkResolver


def _options_fingerprint(options: BuildOptions, convert: ConvertOptions) -> str:
    """Hash of the build options that shape every page's notebooks (the link inventory
    included: a page added or documented elsewhere can change this page's links)."""
    links = convert.links
    parts = [repr(convert.skip_patterns), convert.docs_root, convert.variants,
             repr(convert.link_context),
             repr((links.inventory.entries, sorted(links.inventory.pages)) if links else None),
             links.fingerprint() if links else "", options.lint.fingerprint(),
             repr(convert.gpu)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class _Reads:
    """One read of every page of the tree: what each page needs, and the link inventory
    its ``[[autodoc]]`` directives make (so that no page is read twice)."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    """Pages by language code."""
    reads: dict[str, PageRead] = field(default_factory=dict)
    inventory: Inventory = field(default_factory=Inventory)


def _read_tree(found_pages: dict[str, list[Page]], snapshot: Snapshot, limit: int) -> _Reads:
    """Read every page (of at most ``limit`` bytes) once; what was read goes into
    ``snapshot.sources``."""
    found = _Reads(found_pages)
    entries: list[ApiEntry] = []
    for pages in found_pages.values():
        for page in pages:
            read, text = read_page(page, limit)
            found.reads[page.rel] = read
            if read.stamp is not None:
                snapshot.sources[page.rel] = read.stamp
                if read.marked:
                    snapshot.marked.add(page.rel)
            entries.extend(scan_autodoc(text, page.lang, page_name(page)))
    names = frozenset((page.lang, page_name(page)) for pages in found.pages.values()
                      for page in pages)
    found.inventory = Inventory(tuple(entries), names)
    return found


def _with_resolver(convert: ConvertOptions, inventory: Inventory, options: BuildOptions,
                   snapshot: Snapshot) -> ConvertOptions:
    """Links resolve against the tree's inventory when a link context is set (anchors from
    the package's source when it sits beside the docs, its files stamped into ``snapshot``
    before they are read; other libraries' inventories too)."""
    if convert.link_context is None or convert.links is not None:
        return convert
    package = convert.link_context.package
    source = find_package_source(options.source, package)
    snapshot.package = package  # its source must not appear, move or change meanwhile
    if source is not None:
        stamp_package(source.folder, snapshot)
    return replace(convert, links=LinkResolver(inventory, package=package, source=source,
                                               externals=options.externals))


def _fingerprint(config: LanguageConfig, shared: str) -> str:
    return hashlib.sha256(f"{config.first_cells!r}\0{shared}".encode()).hexdigest()


def _read_toctrees(options: BuildOptions, tree: _Tree, found: _Reads,
                   report: BuildReport) -> dict[str, Toctree]:
    """Every language's toctree; the selected languages' warnings and errors are reported."""
    toctrees: dict[str, Toctree] = {}
    read = read_toctrees(options.source, tree.languages, found.pages)
    for language in tree.languages:
        toctrees[language.code], warnings, error = read[language.code]
        if language in tree.selected:
            report.warnings.extend(warnings)
            if error is not None:
                error.message += "; the index lists this language's pages in file order"
                report.errors.append(error)
    tree.toctrees = toctrees
    return toctrees


def _tasks(options: BuildOptions, tree: _Tree, found: _Reads, manifest: Manifest,
           choices: TreeChoices, report: BuildReport, snapshot: Snapshot) -> list[PageTask]:
    tasks: list[PageTask] = []
    linked = _with_resolver(options.convert, found.inventory, options, snapshot)
    shared = _options_fingerprint(options, linked)
    if linked.links is not None:
        report.notes.extend(linked.links.describe())
        if linked.links.source is not None and not snapshot.package_folder:
            snapshot.key = ""  # a resolver the caller made: its source was not stamped
    configs = choices.configs
    for language in tree.selected:
        pages = [page for page in found.pages[language.code]
                 if matches_glob(page, options.page_glob)]
        config = configs.get(language.code)
        if config is None:
            report.pages += len(pages)
            continue
        report.warnings.extend(config.warnings)
        convert = replace(linked, first_cells=config.first_cells)
        fingerprint = snapshot.fingerprints[language.code] = _fingerprint(config, shared)
        for page in pages:
            known = None if options.force or options.check else manifest.pages.get(page.rel)
            if known is not None and not snapshot.outputs_intact(options.out, known.stamps):
                known = None  # an output is missing or not what was written: convert again
            tasks.append(PageTask(page, convert, fingerprint, options.all_pages,
                                  known.inputs if known else None, options.lint,
                                  options.max_page_size))
    return tasks


def _with_package(options: BuildOptions, package: str, entries: Iterable[ApiEntry]
                  ) -> BuildOptions:
    """Links point at the package the build settled on; the lint knows its submodules."""
    lint = replace(options.lint, package=package,
                   package_modules=package_modules(entries, package))
    context = options.convert.link_context
    if context is not None and context.package != package:
        convert = replace(options.convert, link_context=replace(context, package=package))
        return replace(options, convert=convert, lint=lint)
    return replace(options, lint=lint)


def convert_tree(options: BuildOptions, tree: _Tree, folder: OutputFolder, manifest: Manifest,
                 report: BuildReport, progress: Progress | None, snapshot: Snapshot
                 ) -> Removals:
    """Read, convert and record every selected page; returns what they no longer make.
    ``snapshot`` receives what was read and what was derived from it (see
    :mod:`notebook_gen.builder.snapshot`), for the build to leave when it is done; its
    ``key`` is emptied when it cannot describe this build."""
    notes, warnings = len(report.notes), len(report.warnings)
    stamp_tree_files(options.source, tree.languages, snapshot)  # before they are read
    if options.package is None:  # the package is inferred from the repository too
        snapshot.repository = repository_digest(options.source)
    found = _read_tree(tree.pages, snapshot, options.max_page_size)
    choices = decide(options.source, options.package, tree.languages, tree.selected,
                     found.inventory.entries, report.errors)
    if choices.package.reason in (FROM_FOLDER, NOTHING_NAMES_IT):  # folders: not stamped
        snapshot.key = ""
    report.notes.extend(choices.notes)
    report.warnings.extend(choices.warnings)
    options = _with_package(options, choices.package.name, found.inventory.entries)
    toctrees = _read_toctrees(options, tree, found, report)
    marked = {rel for rel, read in found.reads.items() if read.marked}
    report.warnings.extend(menu_link_warnings(
        (page for language in tree.selected for page in found.pages[language.code]), marked,
        options.page_glob))
    tasks = _tasks(options, tree, found, manifest, choices, report, snapshot)
    snapshot.notes = report.notes[notes:]
    snapshot.warnings = report.warnings[warnings:]
    snapshot.toctrees = tree.toctree_digest = toctree_digest(toctrees)
    removals = Removals()
    converting = convert_pages(tasks, found.reads, options.jobs, folder)
    found.reads = {}  # the pool has them until it has settled each page; then no one does
    outcomes: Iterable[PageOutcome] = converting
    if progress is not None:
        outcomes = progress(outcomes, len(tasks))
    try:
        for outcome in outcomes:
            _record(outcome, outcome.rel in marked, manifest, removals, report)
    finally:
        converting.close()  # on an interrupt, stops the workers now (see pool.py)
    return removals
