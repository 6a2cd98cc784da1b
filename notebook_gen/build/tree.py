"""Build a docs tree into notebooks: discover, read, convert in parallel, index, record.

The parent process finds the pages and reads each once (for the change check and the link
inventory), hands the changed ones to a process pool (:mod:`notebook_gen.build.pool`), whose
workers write their notebooks (each atomically, only when changed), then writes the Colab
index and, last, the manifest. A page that fails is reported and the others still convert.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from notebook_gen.build.config import LanguageConfig, load_config
from notebook_gen.build.discover import (
    Language,
    Page,
    find_languages,
    find_pages,
    matches_glob,
    page_name,
)
from notebook_gen.build.index import IndexLinks
from notebook_gen.build.index_update import update_index
from notebook_gen.build.manifest import MANIFEST_NAME, Manifest, PageRecord
from notebook_gen.build.outfiles import REMOVED, STALE, UNCHANGED, WRITTEN, OutputFolder
from notebook_gen.build.pagetask import (
    PageOutcome,
    PageRead,
    PageTask,
    read_page,
)
from notebook_gen.build.pool import convert_pages
from notebook_gen.build.toctree import Toctree, read_toctree
from notebook_gen.build.write import has_content
from notebook_gen.convert.dialect.structure import STRUCTURE
from notebook_gen.convert.page import LINK_WARNING, ConvertOptions
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.exports import find_package_source
from notebook_gen.links.external import ExternalDocs
from notebook_gen.links.inventory import ApiEntry, Inventory, scan_autodoc
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.lint import LINT_KINDS, LintOptions


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how. Every field can also be set in ``[tool.notebook-gen]``."""

    source: Path = Path("docs/source")
    out: Path = Path("notebooks_out")
    all_pages: bool = False
    """Convert every page, not only those marked ``[[open-in-colab]]``."""
    langs: tuple[str, ...] = ()
    page_glob: str | None = None
    jobs: int = 0
    """Worker processes; 0 means one per core."""
    force: bool = False
    clean: bool = False
    check: bool = False
    strict: bool = False
    """Lint warnings and recovered page structure (``structure`` warnings) are errors."""
    strict_links: bool = False
    """Unresolved API references are errors."""
    convert: ConvertOptions = field(default_factory=ConvertOptions)
    lint: LintOptions = field(default_factory=LintOptions)
    index: IndexLinks = field(default_factory=IndexLinks)
    """Where the index's "Open in Colab" links point."""
    externals: tuple[ExternalDocs, ...] = ()
    """Other libraries' API inventories (``--external NAME=DOCS_SOURCE``)."""


@dataclass
class BuildReport:
    """What a build did; ``ok`` is False when any page failed or (with check) is stale."""

    pages: int = 0
    converted: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    """With ``check``: files that would be written or removed."""
    index_written: list[str] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)
    seconds: float = 0.0
    unselected: set[str] = field(default_factory=set)
    """Pages without ``[[open-in-colab]]`` (not converted unless ``all_pages``)."""
    notes: list[str] = field(default_factory=list)
    """What the build decided on its own and says once, before the summary
    (``settings: pyproject.toml``, where install cells came from, the inferred package)."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.stale


@dataclass
class _Tree:
    """What discovery found: languages (all, and those selected) and their toctrees."""

    languages: list[Language]
    selected: list[Language]
    toctrees: dict[str, Toctree] = field(default_factory=dict)


Progress = Callable[[Iterable[PageOutcome], int], Iterable[PageOutcome]]


def _options_fingerprint(options: BuildOptions, convert: ConvertOptions) -> str:
    """Hash of the build options that shape every page's notebooks (the link inventory
    included: a page added or documented elsewhere can change this page's links)."""
    links = convert.links
    parts = [repr(convert.skip_patterns), convert.docs_root, convert.variants,
             repr(convert.link_context),
             repr((links.inventory.entries, sorted(links.inventory.pages)) if links else None),
             links.fingerprint() if links else "", options.lint.fingerprint()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class _Reads:
    """One read of every page of the tree: what each page needs, and the link inventory
    its ``[[autodoc]]`` directives make (so that no page is read twice)."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    """Pages by language code."""
    reads: dict[str, PageRead] = field(default_factory=dict)
    inventory: Inventory = field(default_factory=Inventory)


def _read_tree(options: BuildOptions, tree: _Tree, report: BuildReport) -> _Reads:
    found = _Reads()
    entries: list[ApiEntry] = []
    for language in tree.languages:
        pages, errors = find_pages(options.source, [language])
        if language in tree.selected:
            report.errors.extend(errors)
        found.pages[language.code] = pages
        for page in pages:
            read, text = read_page(page)
            found.reads[page.rel] = read
            entries.extend(scan_autodoc(text, page.lang, page_name(page)))
    names = frozenset((page.lang, page_name(page)) for pages in found.pages.values()
                      for page in pages)
    found.inventory = Inventory(tuple(entries), names)
    return found


def _with_resolver(convert: ConvertOptions, inventory: Inventory,
                   options: BuildOptions) -> ConvertOptions:
    """Links resolve against the tree's inventory when a link context is set (anchors from
    the package's source when it sits beside the docs; other libraries' inventories too)."""
    if convert.link_context is None or convert.links is not None:
        return convert
    package = convert.link_context.package
    return replace(convert, links=LinkResolver(
        inventory, package=package, source=find_package_source(options.source, package),
        externals=options.externals))


def _fingerprint(config: LanguageConfig, shared: str) -> str:
    return hashlib.sha256(f"{config.first_cells!r}\0{shared}".encode()).hexdigest()


def _discover(options: BuildOptions) -> _Tree:
    languages = find_languages(options.source)
    selected = [lang for lang in languages if not options.langs or lang.code in options.langs]
    return _Tree(languages, selected)


def _read_toctrees(options: BuildOptions, tree: _Tree, found: _Reads,
                   report: BuildReport) -> None:
    for language in tree.languages:
        names = {page_name(page) for page in found.pages[language.code]}
        try:
            toctree, warnings = read_toctree(options.source, language, names)
        except PageError as error:
            toctree, warnings = Toctree(), []
            if language in tree.selected:
                error.message += "; the index lists this language's pages in file order"
                report.errors.append(error)
        tree.toctrees[language.code] = toctree
        if language in tree.selected:
            report.warnings.extend(warnings)


def _tasks(options: BuildOptions, tree: _Tree, found: _Reads, manifest: Manifest,
           report: BuildReport) -> list[PageTask]:
    tasks: list[PageTask] = []
    linked = _with_resolver(options.convert, found.inventory, options)
    shared = _options_fingerprint(options, linked)
    if linked.links is not None:
        report.notes.extend(linked.links.describe())
    for language in tree.selected:
        pages = [page for page in found.pages[language.code]
                 if matches_glob(page, options.page_glob)]
        config = _language_config(options.source, language, report)
        if config is None:
            report.pages += len(pages)
            continue
        report.warnings.extend(config.warnings)
        convert = replace(linked, first_cells=config.first_cells)
        fingerprint = _fingerprint(config, shared)
        for page in pages:
            known = None if options.force or options.check else manifest.pages.get(page.rel)
            tasks.append(PageTask(page, convert, fingerprint, options.all_pages,
                                  known.inputs if known else None, options.lint))
    return tasks


def _language_config(root: Path, language: Language, report: BuildReport) -> LanguageConfig | None:
    try:
        config = load_config(root, language.folder)
    except PageError as error:
        error.message += f" (no notebooks for language {language.code!r})"
        report.errors.append(error)
        return None
    return config


def _note(report: BuildReport, relative: str, status: str | None) -> None:
    if status == WRITTEN:
        report.written.append(relative)
    elif status == UNCHANGED:
        report.unchanged += 1
    elif status == STALE:
        report.stale.append(relative)
    elif status == REMOVED:
        report.removed.append(relative)


def _record(outcome: PageOutcome, folder: OutputFolder, manifest: Manifest,
            report: BuildReport) -> None:
    """Write (or, with check, compare) one page's notebooks and update the manifest."""
    report.pages += outcome.status != "unselected"
    report.warnings.extend(outcome.warnings)
    if outcome.error is not None:
        report.errors.append(outcome.error)
        return
    if outcome.status == "unchanged":
        known = manifest.pages[outcome.rel]
        report.unchanged += len(known.outputs)
        report.warnings.extend(known.warnings)
        return
    if outcome.status != "converted":
        return
    report.converted += 1
    previous = manifest.pages.get(outcome.rel)
    for relative, status in outcome.stored.items():
        _note(report, relative, status)
    report.errors.extend(outcome.refused)
    dropped = set(previous.outputs) - set(outcome.stored) if previous else set()
    for relative in sorted(dropped):
        _note(report, relative, folder.remove(relative))
    manifest.record(outcome.rel, PageRecord(outcome.inputs, sorted(outcome.stored),
                                            outcome.title, list(outcome.warnings)))


def _clean(unselected: set[str], options: BuildOptions, folder: OutputFolder,
           manifest: Manifest, report: BuildReport) -> set[str]:
    """Forget pages that are gone or no longer selected, removing their notebooks (only
    those the manifest lists). Returns the pages forgotten (or, in check mode, to forget)."""
    gone = {rel for rel in manifest.pages
            if rel in unselected or not (options.source / rel).is_file()}
    for rel in sorted(gone):
        for relative in manifest.pages[rel].outputs:
            _note(report, relative, folder.remove(relative))
        if not options.check:
            manifest.forget(rel)
    return gone


def _index_inputs(pages: dict[str, PageRecord], prefixes: dict[str, str], tree: _Tree,
                  options: BuildOptions) -> str:
    listed = [(rel, pages[rel].outputs, pages[rel].title) for rel in sorted(pages)]
    # Without a repository the links are relative: where the folder lives does not matter.
    links = options.index if options.index.repository else IndexLinks()
    parts = (repr(listed), repr(sorted(prefixes.items())),
             repr(sorted(tree.toctrees.items())), repr(links))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _index(tree: _Tree, options: BuildOptions, folder: OutputFolder, manifest: Manifest,
           gone: set[str], report: BuildReport) -> None:
    """Bring the index up to date; skipped when nothing it is made from has changed
    (what makes a no-op rebuild cheap on a tree of thousands of pages)."""
    pages = {rel: record for rel, record in manifest.pages.items() if rel not in gone}
    prefixes = {language.code: language.prefix for language in tree.languages}
    inputs = _index_inputs(pages, prefixes, tree, options)
    current = inputs == manifest.index_inputs and all(
        (options.out / relative).is_file() for relative in manifest.index_files)
    if current and not options.check:
        return
    statuses, errors = update_index(folder, manifest, pages, prefixes, tree.toctrees,
                                    options.index)
    if not errors:
        manifest.set_index(manifest.index_files, inputs)
    report.errors.extend(errors)
    for relative, status in statuses:
        if status == WRITTEN:
            report.index_written.append(relative)
        elif status != UNCHANGED:
            _note(report, relative, status)


def _apply_strict(report: BuildReport, kinds: tuple[str, ...]) -> None:
    """Warnings of these kinds become errors (``--strict``, ``--strict-links``)."""
    strict = [w for w in report.warnings if w.kind in kinds]
    report.warnings = [w for w in report.warnings if w.kind not in kinds]
    report.errors.extend(PageError(w.path, w.line, f"{w.message} [{w.kind}, strict]")
                         for w in strict)


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Convert a docs tree into ``options.out``; see :class:`BuildOptions`.

    Returns a :class:`BuildReport`; page errors are collected in it, not raised.
    """
    started = time.perf_counter()
    report = BuildReport()
    manifest = Manifest.load(options.out)
    folder = OutputFolder(options.out, options.check)
    tree = _discover(options)
    found = _read_tree(options, tree, report)
    _read_toctrees(options, tree, found, report)
    tasks = _tasks(options, tree, found, manifest, report)
    outcomes: Iterable[PageOutcome] = convert_pages(tasks, found.reads, options.jobs, folder)
    if progress is not None:
        outcomes = progress(outcomes, len(tasks))
    for outcome in outcomes:
        _record(outcome, folder, manifest, report)
        if outcome.status == "unselected":
            report.unselected.add(outcome.rel)
    del found, tasks, outcomes  # per-page working data: the index needs the room
    gone: set[str] = set()
    if options.clean or options.check:
        gone = _clean(report.unselected, options, folder, manifest, report)
    _index(tree, options, folder, manifest, gone, report)
    report.errors.extend(folder.refused)
    strict_kinds = (*((*LINT_KINDS, STRUCTURE) if options.strict else ()),
                    *((LINK_WARNING,) if options.strict_links else ()))
    if strict_kinds:
        _apply_strict(report, strict_kinds)
    if not options.check:
        manifest.save(options.out)
    elif not has_content(options.out / MANIFEST_NAME, manifest.pieces()):
        report.stale.append(MANIFEST_NAME)  # committed output must match what a build records
    report.seconds = time.perf_counter() - started
    return report
