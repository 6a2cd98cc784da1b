"""API references: ``[`Trainer`]``, ``[`~transformers.Trainer.train`]``, ``[`Trainer#args`]``.

``~`` shows only the last name; ``#param`` links to a parameter of the object and
shows the parameter's name; a trailing ``()`` is kept in the text and ignored in
the look-up. A resolved reference becomes ``[text](<page url>#<anchor>)``, an
unresolved one inline code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from notebook_gen.links.api import ApiTarget, Lookup
from notebook_gen.links.urls import LinkContext

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
