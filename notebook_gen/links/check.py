"""``links --check``: every relative link lands on a page, every ``#anchor`` on an anchor.

No network: external URLs and site-absolute paths (``/blog/...``) are not checked.
Relative links follow the rule of :mod:`notebook_gen.links.urls`; image and file
links must name a file of the tree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from notebook_gen.links.api import ApiIndex
from notebook_gen.links.exports import PackageSource, find_package_source
from notebook_gen.links.inventory import DEFAULT_LANG, Inventory, TreePages, page_text
from notebook_gen.links.scanner import blank_fences, destinations, prose_lines
from notebook_gen.links.urls import LinkContext, Target, is_relative, resolve_target


@dataclass(frozen=True)
class BrokenLink:
    """One broken link, reported as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    """What the check found over a whole tree."""

    broken: tuple[BrokenLink, ...]
    pages: int
    relative_links: int
    anchors: int
    unreadable: tuple[str, ...] = ()
    """``path: reason`` of each page that could not be read (not checked)."""


@dataclass
class _Tree:
    """A docs tree being checked: its files, inventory and page anchors (read once)."""

    pages: TreePages
    package: str
    inventory: Inventory
    source: PackageSource | None
    texts: dict[tuple[str, str], tuple[Path, str]] = field(default_factory=dict)
    anchors: dict[tuple[str, str], PageAnchors] = field(default_factory=dict)

    def anchors_of(self, lang: str, page: str) -> PageAnchors:
        key = (lang, page)
        if key not in self.anchors:
            self.anchors[key] = page_anchors(self.texts[key][1], self.api_anchors.get(key, ()))
        return self.anchors[key]

    @cached_property
    def api_anchors(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """The ``[[autodoc]]`` anchors of each reference page: the shortest public path
        (both spellings the site may use when the package's source is not beside the docs)."""
        api = ApiIndex(self.inventory, self.package, source=self.source)
        found: dict[tuple[str, str], tuple[str, ...]] = {}
        for entry in self.inventory.entries:
            key = (entry.lang, entry.page)
            found[key] = (*found.get(key, ()), *api.anchor_spellings(api.relative(entry.name)))
        return found


def check_tree(pages: TreePages, package: str, inventory: Inventory | None = None,
               source: PackageSource | None = None) -> CheckReport:
    """Check every page of the tree (all languages); the tree's ``inventory`` and the
    package's ``source`` beside the docs are looked for here unless the caller has them."""
    docs_root = pages.root
    tree = _Tree(pages, package, inventory or Inventory.from_tree(pages),
                 source or find_package_source(docs_root, package))
    unreadable: list[str] = []
    for lang, page, path in pages.pages:
        try:
            tree.texts[(lang, page)] = (path, page_text(path))
        except OSError as error:
            unreadable.append(f"{path.relative_to(docs_root).as_posix()}: "
                              f"{error.strerror or error}")
    broken: list[BrokenLink] = []
    relative = anchors = 0
    for (lang, page), (path, text) in tree.texts.items():
        shown = path.relative_to(docs_root).as_posix()
        ctx = LinkContext(package=package, lang=lang, page=page)
        for line, dest in _links(text):
            relative += is_relative(dest)
            anchors += "#" in dest
            problem = _problem(tree, ctx, dest)
            if problem:
                broken.append(BrokenLink(shown, line, problem))
    return CheckReport(tuple(broken), len(tree.texts), relative, anchors, tuple(unreadable))


def _links(text: str) -> Iterator[tuple[int, str]]:
    prose = blank_fences(text)
    line, counted = 1, 0
    for offset, dest in destinations(prose):
        line += prose.count("\n", counted, offset)
        counted = offset
        yield line, dest


def _problem(tree: _Tree, ctx: LinkContext, dest: str) -> str | None:
    if dest.startswith("#"):
        return _anchor_problem(tree, (ctx.lang, ctx.page), dest, "this page")
    if not is_relative(dest):
        return None
    target = resolve_target(dest, ctx, tree.inventory)
    if target.kind == "file":
        return None if _file_exists(tree.pages, target) else f"`{dest}`: no such file"
    if not target.exists:
        langs = " or ".join(f"`{lang}`" for lang in dict.fromkeys((ctx.lang, DEFAULT_LANG)))
        return f"`{dest}`: no page `{target.path}` in {langs}"
    where = f"`{target.lang}/{target.path}`"
    return _anchor_problem(tree, (target.lang, target.path), dest, where)


def _anchor_problem(tree: _Tree, page: tuple[str, str], dest: str, where: str) -> str | None:
    _, _, anchor = dest.partition("#")
    if not anchor or anchor in tree.anchors_of(*page):
        return None
    return f"`{dest}`: no heading anchor `{anchor}` in {where}"


def _file_exists(pages: TreePages, target: Target) -> bool:
    folder = pages.folders.get(target.lang, pages.root)
    return (folder / target.path).is_file()


# The anchors a page offers to ``#fragment`` links.
#
# - a heading ``## Title[[anchor-id]]`` has the anchor ``anchor-id``;
# - a plain heading has the slug of its text, in either of the two spellings the
#   corpus's links use: GitHub's (lower case, punctuation dropped, each space to
#   ``-``: ``Using 🤗 Accelerate`` -> ``using--accelerate``) and the collapsed one
#   (runs of other characters to one ``-``: ``using-accelerate``); a repeated slug
#   gets ``-1``, ``-2``, ... as on GitHub;
# - HTML ``id="..."`` / ``name="..."`` attributes are anchors;
# - on a reference page, every ``[[autodoc]]`` object gives its full dotted name
#   (``transformers.Trainer``), and anything under it (``transformers.Trainer.train``,
#   parameters) is accepted, since members under ``- all`` cannot be listed statically.
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:\[\[(?P<id>[^\]]+)\]\])?[ \t#]*$")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_DROP = re.compile(r"[^\w\- ]")
_RUNS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class PageAnchors:
    """The anchors of one page, and the API anchors under which any sub-anchor is fine."""

    names: frozenset[str]
    api_prefixes: tuple[str, ...] = ()

    def __contains__(self, anchor: object) -> bool:
        if not isinstance(anchor, str):
            return False
        return anchor in self.names or any(
            anchor.startswith(prefix + ".") for prefix in self.api_prefixes
        )


def slugs(text: str) -> tuple[str, str]:
    """The GitHub-style and the collapsed slug of a heading's text."""
    text = _INLINE_LINK.sub(r"\1", text).strip().lower()
    github = _DROP.sub("", text).replace(" ", "-")
    return github, _RUNS.sub("-", text).strip("-")


def page_anchors(text: str, api_anchors: tuple[str, ...] = ()) -> PageAnchors:
    """Collect the anchors of one page's text (fenced code skipped)."""
    names: set[str] = set(api_anchors)
    seen: Counter[str] = Counter()
    for _, line in prose_lines(text):
        heading = _HEADING.match(line)
        if heading and heading["id"]:
            names.add(heading["id"].strip())
        elif heading:
            for base in set(slugs(heading["text"])):
                names.add(f"{base}-{seen[base]}" if seen[base] else base)
                seen[base] += 1
        if "<" in line:
            names.update(_HTML_ID.findall(line))
    return PageAnchors(frozenset(names), api_anchors)
