"""Why a build would convert nothing, said with what was found and what to try.

Four mistakes end in "0 pages". Three are usage mistakes, found before anything is built and
reported with exit status 2: a folder that is not a docs root, a ``--lang`` the tree does not
have, a ``--page`` glob that matches no page. The fourth, a tree where no page carries
``[[open-in-colab]]`` yet, is a valid tree with nothing to do: status 0, with a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from notebook_gen.build.inputs.discover import (
    docs_roots_below,
    find_languages,
    find_pages,
    is_docs_root,
    matches_glob,
)
from notebook_gen.build.tree import BuildOptions, BuildReport
from notebook_gen.commands.options import UsageError

DOCS_ROOT = ("a docs root holds one folder per language (en/, ko/, ...) with its pages "
             "(*.md, *.mdx) and a _toctree.yml, or the pages and _toctree.yml of one language")
GLOB = ("--page is matched against a page's path in its language folder (tasks/asr.md) or in "
        "the docs root (en/tasks/asr.md)")


def check_selection(source: Path, langs: Sequence[str], page_glob: str | None) -> None:
    """Before building: ``source`` is a docs root (or a folder of pages), and the languages
    and the ``--page`` glob select something. Raises :class:`UsageError` saying what was
    found. Only a folder that is not a docs root, or a glob, costs a walk of the tree."""
    root = is_docs_root(source)
    if not root and (below := docs_roots_below(source)):
        names = " and ".join(str(folder) for folder in below)
        raise UsageError(f"{source} is not a docs root; {names} "
                         f"{'is one' if len(below) == 1 else 'are'}: try notebook-gen build "
                         f"{below[0]}", hint=DOCS_ROOT)
    languages = find_languages(source)
    codes = [language.code for language in languages]
    unknown = [code for code in langs if code not in codes]
    if unknown:
        raise UsageError(f"--lang {','.join(unknown)}: {source} has no such language; its "
                         f"languages are {', '.join(codes)}")
    if root and not page_glob:
        return
    selected = [language for language in languages if not langs or language.code in langs]
    pages, _ = find_pages(source, selected)
    if not pages and not root:
        raise UsageError(f"{source} holds no pages", hint=DOCS_ROOT)
    if pages and not any(matches_glob(page, page_glob) for page in pages):
        raise UsageError(f"--page {page_glob!r} matched none of the "
                         f"{counted(len(pages), 'page')} of {source}", hint=GLOB)


def explain_nothing(report: BuildReport, options: BuildOptions) -> str | None:
    """A hint when the build selected no page (exit status 0: nothing was wrong), or None."""
    if report.pages:
        return None
    if not report.unselected:
        return f"{options.source} holds no pages (*.md, *.mdx) in the languages built"
    glob = f" matching --page {options.page_glob!r}" if options.page_glob else ""
    return (f"no page carries [[open-in-colab]] ({counted(len(report.unselected), 'page')} of "
            f"{options.source}{glob}): --all converts every page, or mark the pages that "
            "should become notebooks")


def counted(number: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
