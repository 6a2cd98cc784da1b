"""``notebook-gen build``: options (from the command line and ``[tool.notebook-gen]``) in,
a build run, a summary out."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from notebook_gen.build.discover import docs_root_label
from notebook_gen.build.index import IndexLinks
from notebook_gen.build.pagetask import PageOutcome
from notebook_gen.build.tree import BuildOptions, BuildReport, build
from notebook_gen.commands.external import add_external_option, externals_from
from notebook_gen.convert.cells import DEFAULT_SKIP_PATTERNS
from notebook_gen.convert.page import ConvertOptions
from notebook_gen.convert.variants import LAYOUTS, SITE
from notebook_gen.errors import PageError
from notebook_gen.links.urls import LinkContext, default_package
from notebook_gen.lint import LintOptions
from notebook_gen.settings import find_pyproject, load_settings

SHOWN_PER_KIND = 20


def register(commands: Any) -> None:
    parser = commands.add_parser("build", help="convert documentation pages into notebooks",
                                 description="Convert pages marked [[open-in-colab]] (or all "
                                 "pages) into notebooks, one per framework variant.")
    parser.add_argument("source", nargs="?", help="docs root (default: docs/source)")
    parser.add_argument("-o", "--out", help="output folder (default: notebooks_out)")
    parser.add_argument("--all", dest="all_pages", action="store_true", default=None,
                        help="convert every page, not only those marked [[open-in-colab]]")
    parser.add_argument("--lang", help="only these languages, comma-separated (e.g. ko,ja)")
    parser.add_argument("--page", dest="page_glob", help="only pages matching this glob")
    parser.add_argument("-j", "--jobs", type=int, help="worker processes (default: cores)")
    parser.add_argument("--force", action="store_true", default=None,
                        help="rebuild every page, even unchanged ones")
    parser.add_argument("--clean", action="store_true", default=None,
                        help="remove notebooks this tool wrote for pages that are gone")
    parser.add_argument("--check", action="store_true", default=None,
                        help="write nothing; list notebooks that would change; exit 1 if any")
    parser.add_argument("--docs-url", help="published docs base URL for relative links "
                        "(default: https://huggingface.co/docs)")
    parser.add_argument("--package", help="documented package, in link URLs and API anchors "
                        "(default: the repository folder's name)")
    parser.add_argument("--doc-version", help="docs version in link URLs (default: main)")
    parser.add_argument("--raw-base", help="raw URL of the docs root, for relative images")
    add_external_option(parser)
    parser.add_argument("--no-links", dest="links", action="store_false", default=None,
                        help="keep links as written")
    parser.add_argument("--strict", action="store_true", default=None,
                        help="treat lint warnings (missing-install, framework-leak) and "
                        "recovered page structure as errors")
    parser.add_argument("--variants", choices=LAYOUTS,
                        help="framework notebooks per page: 'site' (default: PyTorch and "
                        "TensorFlow for every page, as the docs site's Colab menu links "
                        "them, JAX with JAX blocks) or 'present' (only frameworks the page "
                        "has blocks for)")
    parser.add_argument("--strict-links", action="store_true", default=None,
                        help="treat unresolved API references as errors")
    parser.add_argument("--repository", metavar="OWNER/NAME",
                        help="GitHub repository of the output folder, for Colab links in the "
                        "index (default: relative links)")
    parser.add_argument("--branch", help="branch for the index's Colab links (default: main)")
    parser.add_argument("--notebooks-path", dest="notebooks_path", metavar="PATH",
                        help="the output folder's path in the repository (default: --out)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    parser.set_defaults(func=run)


def _setting(args: argparse.Namespace, settings: dict[str, Any], name: str, default: Any) -> Any:
    value = getattr(args, name, None)
    if value is not None:
        return value
    return settings.get(name, default)


def options_from(args: argparse.Namespace, settings: dict[str, Any]) -> BuildOptions:
    """Command line first, then ``[tool.notebook-gen]``, then the defaults."""
    source = Path(_setting(args, settings, "source", "docs/source"))
    if not source.is_dir():
        raise PageError(str(source), None, "no such docs folder")
    langs = _setting(args, settings, "lang", ())
    if isinstance(langs, str):
        langs = tuple(code.strip() for code in langs.split(",") if code.strip())
    variants = str(_setting(args, settings, "variants", SITE))
    if variants not in LAYOUTS:
        raise PageError("pyproject.toml", None, f"[tool.notebook-gen] variants must be one of "
                        f"{', '.join(LAYOUTS)}, not {variants!r}")
    convert = ConvertOptions(
        skip_patterns=tuple(_setting(args, settings, "skip_patterns", DEFAULT_SKIP_PATTERNS)),
        docs_root=docs_root_label(source),
        variants=variants,
    )
    if _setting(args, settings, "links", True):
        convert = _with_links(convert, source, args, settings)
    out = Path(_setting(args, settings, "out", "notebooks_out"))
    return BuildOptions(
        source=source,
        out=out,
        all_pages=bool(_setting(args, settings, "all_pages", False)),
        langs=tuple(langs),
        page_glob=_setting(args, settings, "page_glob", None),
        jobs=int(_setting(args, settings, "jobs", 0)),
        force=bool(_setting(args, settings, "force", False)),
        clean=bool(_setting(args, settings, "clean", False)),
        check=bool(_setting(args, settings, "check", False)),
        strict=bool(_setting(args, settings, "strict", False)),
        strict_links=bool(_setting(args, settings, "strict_links", False)),
        convert=convert,
        lint=LintOptions.from_settings(settings),
        externals=externals_from(args, settings) if convert.link_context else (),
        index=IndexLinks(
            repository=_setting(args, settings, "repository", None) or None,
            branch=str(_setting(args, settings, "branch", "main")),
            notebooks_path=str(_setting(args, settings, "notebooks_path", None)
                               or _repository_path(out)),
        ),
    )


def _repository_path(out: Path) -> str:
    """The output folder as given, relative to the working folder when it is inside it."""
    if out.is_absolute() and out.resolve().is_relative_to(Path.cwd().resolve()):
        return out.resolve().relative_to(Path.cwd().resolve()).as_posix()
    return out.as_posix().removeprefix("./")


def _with_links(convert: ConvertOptions, source: Path, args: argparse.Namespace,
                settings: dict[str, Any]) -> ConvertOptions:
    """Resolve links statically from the tree's own ``[[autodoc]]`` inventory (which the
    build makes from its one read of every page)."""
    package = _setting(args, settings, "package", None) or default_package(source)
    context = LinkContext(
        docs_url=_setting(args, settings, "docs_url", LinkContext.docs_url),
        package=package,
        version=_setting(args, settings, "doc_version", LinkContext.version),
        raw_base=_setting(args, settings, "raw_base", None),
    )
    return replace(convert, link_context=context)


def _progress(outcomes: Iterable[PageOutcome], total: int) -> Iterable[PageOutcome]:
    """A progress bar on a terminal; a line every quarter elsewhere (CI logs)."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(outcomes, total=total, unit="page", leave=False, file=sys.stderr)
        return
    marks = {total * quarter // 4 for quarter in (1, 2, 3)} if total >= 200 else set()
    for done, outcome in enumerate(outcomes, 1):
        if done in marks:
            print(f"  {done}/{total} pages", file=sys.stderr)
        yield outcome


def print_report(report: BuildReport, check: bool, verbose: bool) -> None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for warning in report.warnings:
        by_kind[warning.kind].append(str(warning))
    for kind, lines in sorted(by_kind.items()):
        print(f"warnings ({kind}): {len(lines)}", file=sys.stderr)
        shown = lines if verbose else lines[:SHOWN_PER_KIND]
        for line in shown:
            print(f"  {line}", file=sys.stderr)
        if len(shown) < len(lines):
            more = len(lines) - len(shown)
            print(f"  ... and {more} more (--verbose lists all)", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for note in report.notes:
        print(note)
    if check:
        for relative in report.stale:
            print(f"stale: {relative}")
        state = f"{len(report.stale)} files out of date" if report.stale else "all files up to date"
        print(f"check: {report.pages} pages, {state}, {len(report.errors)} errors")
        return
    index = f", index updated ({len(report.index_written)} files)" if report.index_written else ""
    print(f"{report.pages} pages: {len(report.written)} notebooks written, "
          f"{report.unchanged} unchanged, {len(report.removed)} removed{index}; "
          f"{len(report.warnings)} warnings, {len(report.errors)} errors "
          f"in {report.seconds:.1f} s")


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(find_pyproject(Path.cwd()))
        options = options_from(args, settings)
    except PageError as error:
        print(f"notebook-gen build: error: {error}", file=sys.stderr)
        return 2
    report = build(options, progress=_progress)
    print_report(report, options.check, args.verbose)
    return 0 if report.ok else 1
