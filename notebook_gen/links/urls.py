"""Where a link destination points: the URL rule and the relative-path rule.

URL rule: a page is published at ``<docs_url>/<package>/<version>/<lang>/<page>``.

Relative-path rule (of the rules tried on the transformers corpus, the one that lands the
most links on existing pages; it is also how a browser reads the published site):

1. the path is resolved against the linking page's folder (``../model_doc/bert``
   from ``tasks/asr`` is ``model_doc/bert``; ``training`` from ``tasks/asr`` is
   ``tasks/training``); ``..`` above the language root stops at the root, unless
   it names another language folder (``../en/model_doc/bart`` from ``zh``);
2. when no page exists there but one exists at the same path taken from the
   language root (``./training`` written in ``tasks/asr`` meaning ``training``),
   the root one is used;
3. a page missing in the reader's language but present in ``en`` links to ``en``;
4. ``.md``/``.mdx``/``.html`` suffixes are dropped, ``#anchor`` and ``?query`` kept.

A destination with another suffix that is not a page (``.png``, ``.py``) is a
file: ``<raw_base>/<lang>/<path>`` when a raw file URL base is configured, else
the docs URL with the suffix kept.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlsplit

from notebook_gen.settings import DEFAULT_LANGUAGE as DEFAULT_LANG

COLAB = "https://colab.research.google.com/github"
_NOT_IN_REFS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
"""What ``git check-ref-format`` refuses anywhere in a name: control characters, space,
``~ ^ : ? * [ \\``, ``..``, ``@{`` and an empty component."""


def branch_problem(name: str) -> str | None:
    """Why git would refuse ``name`` as a branch name (the rules of ``git check-ref-format
    --branch``), or None. A Colab or GitHub link names the branch as a path of the URL: a
    name git accepts is percent-encoded there, one it refuses (``../../x``) is refused."""
    if not name or name == "@":
        return "empty" if not name else "'@' alone"
    if (found := _NOT_IN_REFS.search(name)) is not None:
        return f"it holds {found[0]!r}"
    if name.startswith(("-", "/")) or name.endswith(("/", ".")):
        return f"it starts with {name[0]!r}" if name.startswith(("-", "/")) \
            else f"it ends with {name[-1]!r}"
    if any(part.startswith(".") or part.endswith(".lock") for part in name.split("/")):
        return "a part of it starts with '.' or ends with '.lock'"
    return None


def colab_url(repository: str, branch: str, folder: str, notebook: str) -> str:
    """The Colab link that opens ``notebook`` (a path inside ``folder``, itself a path from
    the root of the GitHub repository ``OWNER/NAME``, ``""`` for the root) on ``branch``."""
    path = f"{folder}/{notebook}" if folder else notebook
    return f"{COLAB}/{quote(repository)}/blob/{quote(branch)}/{quote(path)}"


@dataclass(frozen=True)
class LinkContext:
    """What a page's links are resolved against.

    ``page`` is the page path relative to its language folder, without suffix
    (``tasks/asr``). ``raw_base`` is the raw file URL of the docs source root, the
    folder holding the language folders (for instance
    ``https://raw.githubusercontent.com/<org>/<repo>/main/docs/source``); images
    and other files link there when it is set.
    """

    docs_url: str = "https://huggingface.co/docs"
    package: str = "transformers"
    version: str = "main"
    lang: str = DEFAULT_LANG
    page: str = "quicktour"
    raw_base: str | None = None

    def page_url(self, lang: str, page: str, fragment: str = "") -> str:
        """The published URL of a page (``fragment`` includes its ``#`` or ``?``)."""
        base = self.docs_url.rstrip("/")
        return f"{base}/{self.package}/{self.version}/{lang}/{page}{fragment}"

    def file_url(self, path: str, fragment: str = "") -> str:
        """The URL of a non-page file of the reader's language folder."""
        if self.raw_base:
            return f"{self.raw_base.rstrip('/')}/{self.lang}/{path}{fragment}"
        return self.page_url(self.lang, path, fragment)

    def site_url(self, path: str) -> str:
        """A site-absolute path (``/blog/x.png``) on the docs host."""
        parts = urlsplit(self.docs_url)
        return f"{parts.scheme}://{parts.netloc}{path}"


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PAGE_SUFFIX = re.compile(r"\.(?:mdx?|html)$")
_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")


class PageSet(Protocol):
    """Anything that knows which pages exist (the :class:`Inventory` does)."""

    def has_page(self, lang: str, page: str) -> bool: ...

    def languages(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Target:
    """A relative destination resolved: which page (or file) of which language."""

    kind: str  # "page" or "file"
    lang: str
    path: str
    fragment: str
    exists: bool  # a page of the tree; files are not looked up here


def is_relative(dest: str) -> bool:
    """True for a destination this module resolves (not a URL, anchor or site path)."""
    # "://" anywhere: a URL wrapped in stray brackets, never a docs path.
    return bool(dest) and not (
        dest.startswith(("#", "/", "?")) or _SCHEME.match(dest) or "://" in dest
    )


def split_fragment(dest: str) -> tuple[str, str]:
    """``training#x`` -> (``training``, ``#x``); the query goes with the fragment."""
    cut = min((i for i in (dest.find("#"), dest.find("?")) if i >= 0), default=len(dest))
    return dest[:cut], dest[cut:]


def resolve_target(dest: str, ctx: LinkContext, pages: PageSet) -> Target:
    """Apply the relative-path rule to one relative destination."""
    path, fragment = split_fragment(dest)
    folder = posixpath.dirname(ctx.page)
    stripped = _PAGE_SUFFIX.sub("", path)
    joined = posixpath.normpath(posixpath.join(folder, stripped))
    other_lang, _, rest = joined.removeprefix("../").partition("/")
    if joined.startswith("../") and other_lang in pages.languages():
        # ``../en/model_doc/bart`` from a root page of ``zh``: another language.
        return Target("page", other_lang, rest, fragment, pages.has_page(other_lang, rest))
    candidates = [_clamp(joined), _clamp(stripped)]
    for candidate in candidates:
        for lang in (ctx.lang, DEFAULT_LANG):
            if pages.has_page(lang, candidate):
                return Target("page", lang, candidate, fragment, True)
    kind = "file" if _FILE_SUFFIX.search(path) and stripped == path else "page"
    chosen = candidates[0] if kind == "page" else _clamp(posixpath.join(folder, path))
    return Target(kind, ctx.lang, chosen, fragment, False)


def target_url(target: Target, ctx: LinkContext) -> str:
    """The absolute URL of a resolved target."""
    if target.kind == "file":
        return ctx.file_url(target.path, target.fragment)
    return ctx.page_url(target.lang, target.path, target.fragment)


def absolute_url(dest: str, ctx: LinkContext, pages: PageSet) -> str:
    """Any destination made absolute: relative ones resolved, site paths on the docs host."""
    if dest.startswith("/") and not dest.startswith("//"):
        return ctx.site_url(dest)
    if not is_relative(dest):
        return dest
    return target_url(resolve_target(dest, ctx, pages), ctx)


def _clamp(path: str) -> str:
    """Normalise ``a/./b/../c`` and stop ``..`` at the language root."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)
