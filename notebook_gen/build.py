"""Build a docs tree into notebooks: discover, convert in parallel, write atomically.

The parent process discovers pages, hands :class:`PageTask`s to a process pool, and is
the only one that writes: notebooks first (each atomically, only when changed), the
manifest last. A page that fails is reported and the others still convert.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from notebook_gen.config import LanguageConfig, load_config
from notebook_gen.convert import ConvertOptions
from notebook_gen.discover import Language, find_languages, find_pages
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.manifest import Manifest, PageRecord
from notebook_gen.pagetask import PageOutcome, PageTask, run_page_task
from notebook_gen.write import write_if_changed


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
    convert: ConvertOptions = field(default_factory=ConvertOptions)


@dataclass
class BuildReport:
    """What a build did; ``ok`` is False when any page failed or (with check) is stale."""

    pages: int = 0
    converted: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    """With ``check``: notebooks that would be written or removed."""
    warnings: list[PageWarning] = field(default_factory=list)
    errors: list[PageError] = field(default_factory=list)
    seconds: float = 0.0
    outcomes: list[PageOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.stale


Progress = Callable[[Iterable[PageOutcome], int], Iterable[PageOutcome]]


def _fingerprint(config: LanguageConfig, options: BuildOptions) -> str:
    convert = options.convert
    links = convert.links
    parts = [repr(config.first_cells), repr(convert.skip_patterns), convert.docs_root,
             repr(convert.link_context),
             repr((links.inventory.entries, sorted(links.inventory.pages)) if links else None)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _tasks(options: BuildOptions, manifest: Manifest, report: BuildReport) -> list[PageTask]:
    languages = find_languages(options.source)
    if options.langs:
        languages = [lang for lang in languages if lang.code in options.langs]
    tasks: list[PageTask] = []
    for language in languages:
        pages, errors = find_pages(options.source, [language], options.page_glob)
        report.errors.extend(errors)
        config = _language_config(options.source, language, report)
        if config is None:
            report.pages += len(pages)
            continue
        report.warnings.extend(config.warnings)
        convert = replace(options.convert, first_cells=config.first_cells)
        fingerprint = _fingerprint(config, options)
        for page in pages:
            known = None if options.force or options.check else manifest.pages.get(page.rel)
            tasks.append(PageTask(page, convert, fingerprint, options.all_pages,
                                  known.inputs if known else None))
    return tasks


def _language_config(root: Path, language: Language, report: BuildReport) -> LanguageConfig | None:
    try:
        config = load_config(root, language.folder)
    except PageError as error:
        error.message += f" (no notebooks for language {language.code!r})"
        report.errors.append(error)
        return None
    if config.path is not None:
        relative = Path(config.path).relative_to(root).as_posix()
        config = replace(config, first_cells=tuple(
            replace(cell, origin=relative) for cell in config.first_cells))
    return config


def _run(tasks: list[PageTask], jobs: int) -> Iterator[PageOutcome]:
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(tasks) < 8:
        yield from map(run_page_task, tasks)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        yield from pool.map(run_page_task, tasks, chunksize=max(1, len(tasks) // (workers * 8)))


def _safe_target(out: Path, relative: str) -> Path:
    target = (out / relative).resolve()
    if not target.is_relative_to(out.resolve()):
        raise PageError(relative, None, "output path leaves the output folder; not written")
    return target


def _record(outcome: PageOutcome, options: BuildOptions, manifest: Manifest,
            report: BuildReport) -> None:
    """Write (or, with check, compare) one page's notebooks and update the manifest."""
    report.pages += outcome.status != "unselected"
    report.warnings.extend(outcome.warnings)
    if outcome.error is not None:
        report.errors.append(outcome.error)
        return
    if outcome.status == "unchanged":
        report.unchanged += len(manifest.pages[outcome.rel].outputs)
        return
    if outcome.status != "converted":
        return
    report.converted += 1
    previous = manifest.pages.get(outcome.rel)
    for relative, text in outcome.notebooks.items():
        target = _safe_target(options.out, relative)
        if options.check:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != text:
                report.stale.append(relative)
            else:
                report.unchanged += 1
        elif write_if_changed(target, text):
            report.written.append(relative)
        else:
            report.unchanged += 1
    dropped = set(previous.outputs) - set(outcome.notebooks) if previous else set()
    _remove(sorted(dropped), options, report)
    manifest.pages[outcome.rel] = PageRecord(outcome.inputs, sorted(outcome.notebooks),
                                             outcome.title)


def _remove(relatives: Iterable[str], options: BuildOptions, report: BuildReport) -> None:
    """Remove notebooks this tool wrote earlier (they are in the manifest) and no longer makes."""
    for relative in relatives:
        target = _safe_target(options.out, relative)
        if options.check:
            if target.exists():
                report.stale.append(relative)
            continue
        if target.is_file():
            target.unlink()
            report.removed.append(relative)


def _clean(unselected: set[str], options: BuildOptions, manifest: Manifest,
           report: BuildReport) -> None:
    """Forget pages that are gone or no longer selected, removing their notebooks."""
    for rel in sorted(manifest.pages):
        if rel in unselected or not (options.source / rel).is_file():
            _remove(manifest.pages[rel].outputs, options, report)
            if not options.check:
                del manifest.pages[rel]


def build(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Convert a docs tree into ``options.out``; see :class:`BuildOptions`.

    Returns a :class:`BuildReport`; page errors are collected in it, not raised.
    """
    started = time.perf_counter()
    report = BuildReport()
    manifest = Manifest.load(options.out)
    tasks = _tasks(options, manifest, report)
    outcomes: Iterable[PageOutcome] = _run(tasks, options.jobs)
    if progress is not None:
        outcomes = progress(outcomes, len(tasks))
    for outcome in outcomes:
        report.outcomes.append(outcome)
        _record(outcome, options, manifest, report)
    if options.clean or options.check:
        unselected = {o.rel for o in report.outcomes if o.status == "unselected"}
        _clean(unselected, options, manifest, report)
    if not options.check:
        manifest.save(options.out)
    report.seconds = time.perf_counter() - started
    return report
