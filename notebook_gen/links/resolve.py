"""Rewrite one chunk of markdown prose so every link works outside the docs site.

One compiled scanner walks the chunk; code spans are matched first and left
alone, so nothing inside backticks is touched. What it rewrites: inline links and
images, reference-style definitions (``[x]: ./y``), ``src``/``href`` attributes of
HTML tags, and API references (:func:`resolve_ref`). The URL rules
are in :mod:`notebook_gen.links.urls`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from notebook_gen.links.api import AMBIGUOUS, OUTSIDE, ApiIndex, ApiTarget, Lookup
from notebook_gen.links.exports import PackageSource
from notebook_gen.links.external import ExternalDocs
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.scanner import ATTR, SCAN, TAG
from notebook_gen.links.urls import (
    LinkContext,
    absolute_url,
    is_relative,
    resolve_target,
    target_url,
)
from notebook_gen.settings import shown_path

_MAY_LINK = re.compile(r"[\[<]")


@dataclass(frozen=True)
class UnresolvedRef:
    """An API reference that became inline code, at its page line (1-based)."""

    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.line}: unresolved API reference `{self.name}`: {self.reason}"


@dataclass(frozen=True)
class Rewritten:
    """A rewritten chunk and what was found in it (figures for reports and tests)."""

    text: str
    unresolved: tuple[UnresolvedRef, ...] = ()
    refs_found: int = 0
    links_found: int = 0
    links_resolved: int = 0

    @property
    def refs_resolved(self) -> int:
        return self.refs_found - len(self.unresolved)


class LinkResolver:
    """Resolves links and API references of prose chunks against one inventory.

    ``package`` is the documented package (the anchor prefix of its objects); a
    :class:`LinkContext` passed to :meth:`rewrite` with another package gets its
    own index. ``source`` is the package's source, when it sits beside the docs (exact
    anchors); ``externals`` are other libraries' inventories, for references that
    start with their package name (``datasets.Dataset.map``).
    """

    def __init__(self, inventory: Inventory, package: str = "transformers", *,
                 source: PackageSource | None = None,
                 externals: Sequence[ExternalDocs] = ()) -> None:
        self.inventory = inventory
        self.package, self.source = package, source
        self.externals = tuple(externals)
        self._indexes: dict[str, ApiIndex] = {package: ApiIndex(inventory, package,
                                                                source=source)}
        self._external = {docs.package: docs.index() for docs in self.externals}

    def index(self, package: str) -> ApiIndex:
        """The API index of ``package`` (built once)."""
        if package not in self._indexes:
            self._indexes[package] = ApiIndex(self.inventory, package)
        return self._indexes[package]

    def finder(self, package: str) -> Finder:
        """The look-up for pages of ``package``: a name that starts with an external
        library's package goes to that library's index, any other to the package's."""
        own = self.index(package)

        def find(name: str, lang: str) -> Lookup:
            head = name.split(".", 1)[0]
            external = self._external.get(head) if head != package else None
            if external is None:
                found = own.lookup(name, lang)
                if found.kind == OUTSIDE:
                    return Lookup(None, f"{found.reason} (`--external {head}=DOCS_SOURCE` "
                                        "would link it)", OUTSIDE)
                return found
            found = external.lookup(name, lang)
            if found.target is None and found.kind != AMBIGUOUS:
                return Lookup(None, f"not in the {head} inventory: {found.reason}")
            return found

        return find

    def describe(self) -> list[str]:
        """What the build says once about its API links: where anchors come from, and
        which other libraries it links into."""
        lines = [docs.describe() for docs in self.externals]
        if not self.inventory.entries:
            return lines
        if self.source is not None:
            where = shown_path(self.source.folder)
            return [f"links: API anchors from the exports of {where}/ (read statically)", *lines]
        return [f"links: no source of {self.package} beside the docs (src/{self.package}/ or "
                f"{self.package}/): API anchors follow the [[autodoc]] paths as written "
                f"({self.package}.<path>)", *lines]

    def fingerprint(self) -> str:
        """A hash of everything that decides where references point, beyond the inventory's
        entries: the anchors (from the package's source) and the external inventories."""
        parts = [repr(sorted(index.anchors().items())) for _, index in sorted(
            self._indexes.items())]
        parts += [repr((docs.package, docs.version, docs.inventory.entries,
                        sorted(docs.anchors.items()))) for docs in self.externals]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def rewrite(
        self, markdown: str, ctx: LinkContext, first_line: int = 1
    ) -> tuple[str, list[UnresolvedRef]]:
        """Rewrite one chunk of markdown prose (never a code fence).

        ``first_line`` is the 1-based page line of the chunk's first line, so each
        :class:`UnresolvedRef` carries its page line.
        """
        done = self.rewrite_with_stats(markdown, ctx, first_line)
        return done.text, list(done.unresolved)

    def rewrite_with_stats(self, markdown: str, ctx: LinkContext, first_line: int = 1) -> Rewritten:
        """Like :meth:`rewrite`, with the counts of references and relative links."""
        if not _MAY_LINK.search(markdown):
            return Rewritten(markdown)
        scan = _Scan(self, markdown, ctx, first_line)
        text = SCAN.sub(scan.replace, markdown)
        return Rewritten(text, tuple(scan.unresolved), scan.refs, scan.links, scan.landed)

    def rewrite_html(self, html: str, ctx: LinkContext) -> str:
        """Rewrite the link attributes of the tags in an HTML block: it holds no Markdown
        (no link, API reference or code span is read there), but a relative ``href`` or
        ``src`` is as dead in Colab as a relative Markdown link."""
        if "<" not in html:
            return html
        scan = _Scan(self, html, ctx, 1)
        return TAG.sub(lambda m: scan.tag(m[0]), html)


class _Scan:
    """The state of one chunk's rewrite: what was found, what stayed unresolved."""

    def __init__(self, owner: LinkResolver, text: str, ctx: LinkContext, first_line: int) -> None:
        self.owner, self.source, self.ctx, self.first_line = owner, text, ctx, first_line
        self.find = owner.finder(ctx.package)
        self.unresolved: list[UnresolvedRef] = []
        self.refs = self.links = self.landed = 0
        self.in_link_text = False
        self._line, self._counted = first_line, 0
        """The page line at offset ``_counted`` of the source: lines are counted once, not
        from the start again for every reference (a page of thousands stays linear)."""

    def replace(self, m: re.Match[str]) -> str:
        kind = m.lastgroup  # the branch's outermost group closes last
        if kind == "ref":
            return self._ref(m)
        if kind == "defdest":
            return m["def"] + self._dest(m["defdest"])
        if kind == "rest":
            text = m["text"]
            if "[" in text or "`" in text:
                text = self._inner(text)
            return f"{m['open']}{text}]({self._dest(m['dest'])}{m['rest']}"
        if kind == "tag":
            return self.tag(m["tag"])
        return m[0]  # code spans and unmatched backticks stay as written

    def tag(self, tag: str) -> str:
        """An HTML tag with its ``src``/``href``/``poster`` attributes made absolute."""
        return ATTR.sub(lambda a: a["key"] + a["q"] + self._url(a["url"]) + a["q"], tag)

    def _ref(self, m: re.Match[str]) -> str:
        ref = ApiRef.parse(m["name"])
        if self.in_link_text:  # a link cannot hold a link: keep the name as code
            return code_span(ref.text if ref.is_name else ref.written)
        self.refs += 1
        rendered, found = resolve_ref(ref, self.find, self.ctx)
        if found.target is None:
            self.unresolved.append(UnresolvedRef(self._line_of(m.start()), m["name"],
                                                 found.reason))
        return rendered

    def _line_of(self, offset: int) -> int:
        """The page line of ``offset`` in the source; the scan asks in increasing order."""
        self._line += self.source.count("\n", self._counted, offset)
        self._counted = offset
        return self._line

    def _inner(self, text: str) -> str:
        self.in_link_text = True
        try:
            return SCAN.sub(self.replace, text)
        finally:
            self.in_link_text = False

    def _dest(self, dest: str) -> str:
        bare = dest[1:-1] if dest.startswith("<") else dest
        url = self._url(bare)
        return f"<{url}>" if " " in url else url

    def _url(self, dest: str) -> str:
        if not is_relative(dest):
            return absolute_url(dest, self.ctx, self.owner.inventory)
        target = resolve_target(dest, self.ctx, self.owner.inventory)
        self.links += 1
        self.landed += target.exists or target.kind == "file"
        return target_url(target, self.ctx)


# API references: ``[`Trainer`]``, ``[`~transformers.Trainer.train`]``, ``[`Trainer#args`]``.
#
# ``~`` shows only the last name; ``#param`` links to a parameter of the object and
# shows the parameter's name; a trailing ``()`` is kept in the text and ignored in
# the look-up. A resolved reference becomes ``[text](<page url>#<anchor>)``, an
# unresolved one inline code.
Finder = Callable[[str, str], Lookup]
"""``(name, lang) -> Lookup``: the documented package's index, then the external ones."""

_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class ApiRef:
    """One reference as written, split into its parts."""

    written: str
    name: str
    text: str
    param: str = ""

    @classmethod
    def parse(cls, written: str) -> ApiRef:
        body = written[1:] if written.startswith("~") else written
        body, _, param = body.partition("#")
        parens = "()" if body.endswith("()") else ""
        name = body.removesuffix("()")
        if param:
            text = param
        elif written.startswith("~"):
            text = name.rsplit(".", 1)[-1] + parens
        else:
            text = name + parens
        return cls(written, name, text, param)

    @property
    def is_name(self) -> bool:
        """Whether the reference names a Python object (and not, say, translated prose)."""
        return bool(_NAME.match(self.name)) and (not self.param or self.param.isidentifier())


def resolve_ref(ref: ApiRef, find: Finder, ctx: LinkContext) -> tuple[str, Lookup]:
    """Render one reference: a link when an inventory knows it, else inline code."""
    if not ref.is_name:
        return code_span(ref.written), Lookup(None, "not a Python name")
    found = find(ref.name, ctx.lang)
    if found.target is None:
        return code_span(ref.text), found
    anchor = found.target.anchor + (f".{ref.param}" if ref.param else "")
    url = api_url(found.target, ctx, "#" + anchor)
    return f"[{escape_text(ref.text)}]({url})", found


def api_url(target: ApiTarget, ctx: LinkContext, fragment: str) -> str:
    """The URL of a target page: on the documented package's site, or on another
    library's (``<docs_url>/<library>/<its version>/<lang>/<page>``)."""
    if target.package:
        ctx = replace(ctx, package=target.package, version=target.version or ctx.version)
    return ctx.page_url(target.lang, target.page, fragment)


def code_span(text: str) -> str:
    """Inline code holding ``text`` (longer backtick fences if it holds backticks)."""
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def escape_text(text: str) -> str:
    """Escape what Markdown would read as emphasis or markup in a link text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
