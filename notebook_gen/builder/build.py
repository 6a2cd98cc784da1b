"""Build a docs tree into notebooks: discover, read, convert in parallel, index, record.

The parent process finds the pages and reads each once (for the change check and the link
inventory), hands the changed ones to a process pool (:mod:`notebook_gen.builder.pool`), whose
workers write their notebooks (each atomically, only when changed), then writes the Colab
index and, last, the manifest. A page that fails is reported and the others still convert.

The full build (:func:`convert_tree`: read every page once, settle the tree's choices,
convert the pages that changed and record them) is what a build does unless :mod:`.quick`
finds that nothing it reads has changed; only then are the converter, the link resolver and
the pool loaded, and it fills a :class:`~notebook_gen.builder.snapshot.Snapshot` for the
next build's quick check.

The module reads in the order of a build: :class:`BuildOptions` and :class:`BuildReport`,
:func:`build` and its steps (``_build``), then each step's helpers in turn: the inputs, the
pages (the quick check or the full build, each outcome recorded), the outputs pages no
longer make, the index, and the manifest and snapshot left for the next build.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from notebook_gen.builder.inputs.config import LanguageConfig
from notebook_gen.builder.inputs.discover import (
    Language,
    Page,
    TreeReads,
    find_languages,
    find_pages,
    matches_glob,
    menu_link_warnings,
    printable,
    read_tree,
)
from notebook_gen.builder.inputs.package import (
    FROM_FOLDER,
    NOTHING_NAMES_IT,
    TreeChoices,
    decide,
    package_modules,
)
from notebook_gen.builder.inputs.repository import repository_digest
from notebook_gen.builder.manifest import (
    MANIFEST_NAME,
    Manifest,
    PageOutcome,
    PageRecord,
    PageStatus,
)
from notebook_gen.builder.output.cleanup import (
    Removals,
    clear_debris,
    deleted_note,
    find_debris,
    find_gone,
    kept_note,
    remove_unclaimed,
)
from notebook_gen.builder.output.folder import (
    FileStatus,
    OutputFolder,
    has_content,
    output_lock,
    reason,
)
from notebook_gen.builder.output.index import IndexLinks, index_inputs, update_index
from notebook_gen.builder.quick import (
    quick_outcomes,
    stamp_package,
    stamp_tree_files,
    toctree_digest,
)
from notebook_gen.builder.snapshot import Snapshot, Stamp
from notebook_gen.convert.options import LINK_WARNING, STRUCTURE, ConvertOptions
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.inventory import ApiEntry, Inventory
from notebook_gen.lint.checks import LINT_KINDS, LintOptions
from notebook_gen.settings import DEFAULT_SOURCE, MAX_PAGE_SIZE
from notebook_gen.version import __version__, output_versions

if TYPE_CHECKING:
    from notebook_gen.builder.inputs.toctree import Toctree
    from notebook_gen.builder.pool import PageTask
    from notebook_gen.links.external import ExternalDocs


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how. Every field can also be set in ``[tool.notebook-gen]``."""

    source: Path = Path(DEFAULT_SOURCE)
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
    package: str | None = None
    """The documented package (link URLs, API anchors, the default install cell); None
    infers it from the tree (:mod:`notebook_gen.builder.inputs.package`) and says so."""
    max_page_size: int = MAX_PAGE_SIZE
    """A larger page is an error for that page, and is not read."""


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
    out_refused: bool = False
    """The output folder could not be used (another build holds it, it cannot be made):
    nothing was looked at, so the build says only its error."""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.stale


Progress = Callable[[Iterable[PageOutcome], int], Iterable[PageOutcome]]


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Convert a docs tree into ``options.out``; see :class:`BuildOptions`.

    Returns a :class:`BuildReport`; page errors are collected in it, not raised. The
    output folder is locked for the build (see :mod:`notebook_gen.builder.output.folder`): a
    folder another build holds, or one that cannot be created, is an error in the report.
    """
    started = time.perf_counter()
    report = BuildReport()
    report.out_refused = True
    try:
        with output_lock(options.out, options.check):
            report.out_refused = False
            _build(options, progress, report)
    except PageError as error:  # the output folder cannot be used
        report.errors.append(error)
    report.seconds = time.perf_counter() - started
    return report


def _build(options: BuildOptions, progress: Progress | None, report: BuildReport) -> None:
    """The steps of a build, in order; the helpers below follow this order."""
    manifest = Manifest.load(options.out)
    versions = output_versions()
    if changes := manifest.version_changes(versions):
        report.notes.append(f"versions: {changes}: " + (
            "the notebooks are compared with what these make" if options.check
            else "every page is converted again"))
    if not options.check:  # --check converts every page anyway, and compares the notebooks
        manifest.made_by(versions)  # these versions make, not the versions (CI may differ)
    warning = manifest.warning()
    if warning is not None:
        report.warnings.append(warning)
    folder = OutputFolder(options.out, options.check)
    tree = _discover(options, report)
    removals = _convert(options, tree, folder, manifest, report, progress)
    found = {page.rel for pages in tree.pages.values() for page in pages}
    if tree.toctrees is not None:
        tree.pages = {}  # the index needs only the toctrees the full build read
    _remove(options, manifest, folder, found, removals, report)
    _index(tree, options, folder, manifest, removals.gone, report)
    debris = find_debris(folder, manifest.files())  # left by a killed build
    if options.check:
        report.stale.extend(debris)
    elif removed := clear_debris(options.out, debris):
        report.notes.append(f"removed {len(removed)} temporary files left by an interrupted "
                            "build")
    report.errors.extend(folder.refused)
    report.warnings.extend(folder.kept)
    strict_kinds = (*((*LINT_KINDS, STRUCTURE) if options.strict else ()),
                    *((LINK_WARNING,) if options.strict_links else ()))
    if strict_kinds:
        _apply_strict(report, strict_kinds)
    if _save(options, manifest, report):
        _leave(tree.snapshot, manifest, report, options.out)


@dataclass
class _Tree:
    """What discovery found: languages (all, and those selected), their pages and their
    toctrees (read by the full build; the quick check has only their digest)."""

    languages: list[Language]
    selected: list[Language]
    toctrees: dict[str, Toctree] | None = None
    toctree_digest: str = ""
    pages: dict[str, list[Page]] = field(default_factory=dict)
    """Pages by language code (every language: all of them feed the link inventory)."""
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(""))
    """What this build read and saw, left for the next one (:mod:`.snapshot`)."""


def _discover(options: BuildOptions, report: BuildReport) -> _Tree:
    languages = []
    for language in find_languages(options.source):
        if printable(language.code) == language.code:
            languages.append(language)
        else:  # its notebooks' paths could not be written into the manifest
            report.errors.append(PageError(printable(language.prefix), None, "folder name "
                                           "is not valid UTF-8; not converted (rename it)"))
    selected = [lang for lang in languages if not options.langs or lang.code in options.langs]
    return _Tree(languages, selected)


def _find_pages(options: BuildOptions, tree: _Tree, report: BuildReport) -> None:
    for language in tree.languages:
        warnings: list[PageWarning] = []
        pages, errors = find_pages(options.source, [language], warnings=warnings)
        if language in tree.selected:
            report.errors.extend(errors)
            report.warnings.extend(warnings)
        tree.pages[language.code] = pages


def _convert(options: BuildOptions, tree: _Tree, folder: OutputFolder, manifest: Manifest,
             report: BuildReport, progress: Progress | None) -> Removals:
    """Settle every selected page: by the quick check when nothing changed since the
    snapshot the last build left (:mod:`.quick`), else by the full build (:func:`convert_tree`),
    which fills a new snapshot (keeping the last one's output stamps)."""
    errors = len(report.errors)
    _find_pages(options, tree, report)
    key = "" if options.check else snapshot_key(options)  # what a new snapshot is made for
    last = None if options.check else Snapshot.load(options.out)
    if last is not None and key and last.key == key and not options.force \
            and len(report.errors) == errors:
        outcomes = quick_outcomes(options.source, options.out, tree.languages, tree.selected,
                                  tree.pages, options.page_glob, options.all_pages, manifest,
                                  last)
        if outcomes is not None:
            tree.toctree_digest = last.toctrees
            tree.snapshot = last
            return _settled(last, outcomes, manifest, report, progress)
    tree.snapshot = Snapshot(key, outputs=last.outputs if last else {}, stale=True)
    return convert_tree(options, tree, folder, manifest, report, progress, tree.snapshot)


def snapshot_key(options: BuildOptions) -> str:
    """What a snapshot's derived values hold for: the version and every option but those
    that only say how to build (``jobs``) or what to report; "" when no snapshot can
    describe the build (other libraries' inventories are read from elsewhere)."""
    if options.externals:
        return ""
    shown = (options.source, options.all_pages, options.langs, options.package,
             options.convert, options.lint, options.index, options.max_page_size)
    return hashlib.sha256(f"{__version__}\0{shown!r}".encode()).hexdigest()


def _settled(snapshot: Snapshot, outcomes: list[PageOutcome], manifest: Manifest,
            report: BuildReport, progress: Progress | None) -> Removals:
    """Report a build the quick check settled as the full build would have."""
    report.notes.extend(snapshot.notes)
    report.warnings.extend(snapshot.warnings)
    removals = Removals()
    for outcome in progress(outcomes, len(outcomes)) if progress else outcomes:
        _record(outcome, False, manifest, removals, report)
    return removals


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
    found = read_tree(tree.pages, snapshot, options.max_page_size)
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
    from notebook_gen.builder.pool import convert_pages  # the converter: not for a no-op

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


def _read_toctrees(options: BuildOptions, tree: _Tree, found: TreeReads,
                   report: BuildReport) -> dict[str, Toctree]:
    """Every language's toctree; the selected languages' warnings and errors are reported."""
    from notebook_gen.builder.inputs.toctree import read_toctrees

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


def _tasks(options: BuildOptions, tree: _Tree, found: TreeReads, manifest: Manifest,
           choices: TreeChoices, report: BuildReport, snapshot: Snapshot) -> list[PageTask]:
    from notebook_gen.builder.pool import PageTask

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


def _with_resolver(convert: ConvertOptions, inventory: Inventory, options: BuildOptions,
                   snapshot: Snapshot) -> ConvertOptions:
    """Links resolve against the tree's inventory when a link context is set (anchors from
    the package's source when it sits beside the docs, its files stamped into ``snapshot``
    before they are read; other libraries' inventories too)."""
    if convert.link_context is None or convert.links is not None:
        return convert
    from notebook_gen.links.exports import find_package_source
    from notebook_gen.links.resolve import LinkResolver

    package = convert.link_context.package
    source = find_package_source(options.source, package)
    snapshot.package = package  # its source must not appear, move or change meanwhile
    if source is not None:
        stamp_package(source.folder, snapshot)
    return replace(convert, links=LinkResolver(inventory, package=package, source=source,
                                               externals=options.externals))


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


def _fingerprint(config: LanguageConfig, shared: str) -> str:
    return hashlib.sha256(f"{config.first_cells!r}\0{shared}".encode()).hexdigest()


def _record(outcome: PageOutcome, marked: bool, manifest: Manifest, removals: Removals,
            report: BuildReport) -> None:
    """Note what storing one page's notebooks did and update the manifest. A page with a
    notebook that could not be stored is not recorded (the next build tries again); the
    notebooks it no longer makes are removed later (see
    :mod:`notebook_gen.builder.output.cleanup`)."""
    if outcome.status == PageStatus.UNSELECTED:
        report.unselected.add(outcome.rel)
    report.pages += outcome.status != PageStatus.UNSELECTED
    report.warnings.extend(outcome.warnings)
    if outcome.error is not None:
        report.errors.append(outcome.error)
        return
    if outcome.status == PageStatus.UP_TO_DATE:
        known = manifest.pages[outcome.rel]
        report.unchanged += len(known.outputs)
        report.warnings.extend(known.warnings)
        return
    if outcome.status != PageStatus.CONVERTED:
        return
    report.converted += 1
    for relative, status in outcome.stored.items():
        _note(report, relative, status)
    report.errors.extend(outcome.refused)
    if outcome.refused:
        return
    previous = manifest.pages.get(outcome.rel)
    if previous is not None:
        removals.dropped.update(set(previous.outputs) - set(outcome.stored))
    manifest.record(outcome.rel, PageRecord(outcome.inputs, sorted(outcome.stored),
                                            outcome.title, list(outcome.warnings),
                                            outcome.stamps, marked, sorted(outcome.gpu)))


def _note(report: BuildReport, relative: str, status: FileStatus | None) -> None:
    if status == FileStatus.WRITTEN:
        report.written.append(relative)
    elif status == FileStatus.UNCHANGED:
        report.unchanged += 1
    elif status == FileStatus.STALE:
        report.stale.append(relative)
    elif status == FileStatus.REMOVED:
        report.removed.append(relative)


def _remove(options: BuildOptions, manifest: Manifest, folder: OutputFolder, found: set[str],
            removals: Removals, report: BuildReport) -> None:
    """Forget the pages that are gone (deleted; with ``--clean``, unmarked too) and remove
    the notebooks that no page claims any more; say which deleted pages lost notebooks."""
    find_gone(manifest, found, report.unselected, options.source, removals, options.clean)
    removed: set[str] = set()
    for relative, status in remove_unclaimed(removals, folder, manifest, options.check):
        _note(report, relative, status)
        if status == FileStatus.REMOVED:
            removed.add(relative)
    notes = (kept_note(removals) if options.clean else None, deleted_note(removals, removed))
    report.notes.extend(note for note in notes if note)


def _index(tree: _Tree, options: BuildOptions, folder: OutputFolder, manifest: Manifest,
           gone: set[str], report: BuildReport) -> None:
    """Bring the index up to date; skipped when nothing it is made from has changed
    (what makes a no-op rebuild cheap on a tree of thousands of pages), unless ``force``
    asks for everything to be made again (after a change of the index's wording)."""
    pages = {rel: record for rel, record in manifest.pages.items() if rel not in gone}
    prefixes = {language.code: language.prefix for language in tree.languages}
    inputs = index_inputs(pages, prefixes, tree.toctree_digest, options.index)
    current = inputs == manifest.index_inputs and tree.snapshot.outputs_intact(
        options.out, manifest.index_files)
    if current and not options.check and not options.force:
        return
    statuses, errors = update_index(folder, manifest, pages, prefixes, _toctrees(tree, options),
                                    options.index)
    if not errors:
        manifest.set_index(manifest.index_files, inputs)
    report.errors.extend(errors)
    for relative, status in statuses:
        if status == FileStatus.WRITTEN:
            report.index_written.append(relative)
        elif status != FileStatus.UNCHANGED:
            _note(report, relative, status)


def _toctrees(tree: _Tree, options: BuildOptions) -> dict[str, Toctree]:
    """The toctrees, read now if the quick check skipped them (it made sure they read
    without an error, and reported their warnings)."""
    if tree.toctrees is None:
        from notebook_gen.builder.inputs.toctree import read_toctrees

        read = read_toctrees(options.source, tree.languages, tree.pages)
        tree.toctrees = {code: toctree for code, (toctree, _, _) in read.items()}
    return tree.toctrees


def _apply_strict(report: BuildReport, kinds: tuple[str, ...]) -> None:
    """Warnings of these kinds become errors (``--strict``, ``--strict-links``)."""
    strict = [w for w in report.warnings if w.kind in kinds]
    report.warnings = [w for w in report.warnings if w.kind not in kinds]
    report.errors.extend(PageError(w.path, w.line, f"{w.message} [{w.kind}, strict]")
                         for w in strict)


def _save(options: BuildOptions, manifest: Manifest, report: BuildReport) -> bool:
    """Save the manifest; False when there is nothing to record and nothing was recorded
    before (a build that converts nothing leaves no trace: see ``output_lock``)."""
    path = options.out / MANIFEST_NAME
    if options.check:
        if not has_content(path, manifest.text()):
            report.stale.append(MANIFEST_NAME)  # committed output must match a build's record
        return False
    if not manifest.pages and not manifest.files() and not path.exists():
        return False
    try:
        manifest.save(options.out)
    except OSError as error:
        report.errors.append(PageError(path.as_posix(), None, f"cannot write: {reason(error)}"))
    return True


def _leave(snapshot: Snapshot, manifest: Manifest, report: BuildReport, out: Path) -> None:
    """Save the snapshot for the next build when it changed: the output stamps of what the
    manifest records; after an error, those alone (the next build must try again, and say
    the error again)."""
    if report.errors and snapshot.key:
        snapshot.key, snapshot.stale = "", True
    recorded: dict[str, Stamp] = dict(manifest.index_files)
    for record in manifest.pages.values():
        recorded.update(record.stamps)
    snapshot.keep_outputs(recorded)
    if snapshot.stale:
        snapshot.save(out)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises ``KeyboardInterrupt`` while the block runs (main thread only): a build
    cancelled by CI or ``timeout`` stops as on Ctrl-C, with its clean-up (exit 130, the
    output lock released, the workers terminated)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
