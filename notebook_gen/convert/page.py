"""One page's text to its notebooks: the converter's pipeline from top to bottom."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from notebook_gen.convert import metadata as md
from notebook_gen.convert.blocks import HtmlRewrite, ProseRewrite, page_blocks
from notebook_gen.convert.cells import cell_specs, compile_skip_patterns
from notebook_gen.convert.frameworks import frameworks_in, select, variant_names
from notebook_gen.convert.gpu import needs_gpu
from notebook_gen.convert.notebook import NotebookDict, build_notebook
from notebook_gen.convert.options import LINK_WARNING, ConvertOptions
from notebook_gen.convert.parse import normalize_text, read_front_matter
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.model import Block, CellSpec, Prose

OUTPUT_FACTOR = 10
OUTPUT_SLACK = 250_000
"""A notebook's cells may hold at most ``OUTPUT_FACTOR`` times the page's characters plus
``OUTPUT_SLACK``: real pages stay far below (quotes, labels and absolute links add a
little), a page nested to blow up (thousands of tips) is an error, not a huge file."""

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$", re.MULTILINE)


def for_page(options: ConvertOptions, lang: str, lang_rel: str) -> ConvertOptions:
    """The options for one page: its links resolve from its own language and folder."""
    if options.link_context is None:
        return options
    page = lang_rel.rsplit(".", 1)[0]
    return replace(options, link_context=replace(options.link_context, lang=lang, page=page))


def _link_rewrite(options: ConvertOptions, path: str, warnings: list[PageWarning]
                  ) -> ProseRewrite | None:
    """The prose rewrite that resolves links, reporting unresolved references as warnings."""
    resolver, context = options.links, options.link_context
    if resolver is None or context is None:
        return None

    def rewrite(chunk: str, first_line: int) -> str:
        text, unresolved = resolver.rewrite(chunk, context, first_line)
        warnings.extend(PageWarning(path, ref.line, f"unresolved API reference `{ref.name}`: "
                                    f"{ref.reason}", kind=LINK_WARNING) for ref in unresolved)
        return text

    return rewrite


def _html_rewrite(options: ConvertOptions) -> HtmlRewrite | None:
    """The rewrite of an HTML block's link attributes (its tags' ``href`` and ``src``)."""
    resolver, context = options.links, options.link_context
    if resolver is None or context is None:
        return None
    return lambda html: resolver.rewrite_html(html, context)


@dataclass(frozen=True)
class PageConversion:
    """A page's notebooks, keyed by variant (``mixed``, ``pytorch``, ...)."""

    notebooks: dict[str, NotebookDict]
    title: str | None
    warnings: list[PageWarning] = field(default_factory=list)


def _title(blocks: Sequence[Block]) -> str | None:
    for block in blocks:
        if isinstance(block, Prose) and block.starts_cell:
            found = _HEADING.search(block.text)
            if found:
                return found["title"]
    return None


def _install_cells(extra_pip: Sequence[str], path: str) -> tuple[CellSpec, ...]:
    if not extra_pip:
        return ()
    source = "!pip install " + " ".join(extra_pip)
    return (CellSpec("code", source, 0, tags=(md.TAG_INSTALL,), origin=f"{path} front matter"),)


def _check_size(cells: Sequence[CellSpec], page_size: int, path: str, variant: str) -> None:
    sizes = [len(cell.source) + len(cell.expected_output or "") for cell in cells]
    limit = OUTPUT_FACTOR * page_size + OUTPUT_SLACK
    if sum(sizes) > limit:
        largest = cells[sizes.index(max(sizes))]
        raise PageError(path, largest.line or None, f"the {variant} notebook would hold "
                        f"{sum(sizes):,} characters from a page of {page_size:,} (limit "
                        f"{limit:,}); is a structure nested out of control here?")


def convert_page(text: str, path: str = "page.md", options: ConvertOptions | None = None
                 ) -> PageConversion:
    """Convert one page's text into its notebooks, one per variant.

    ``path`` is the page's path relative to the docs root (``en/quicktour.md``): it names
    the page in errors and in the notebooks' provenance. Raises
    :class:`~notebook_gen.errors.PageError` when the page cannot be converted.
    """
    options = options or ConvertOptions()
    text = normalize_text(text)
    link_warnings: list[PageWarning] = []
    parsed = page_blocks(text, path, _link_rewrite(options, path, link_warnings),
                         _html_rewrite(options))
    info = read_front_matter(parsed.front_matter, path)
    title = info.title or _title(parsed.blocks)
    prepended = (*options.first_cells, *_install_cells(info.extra_pip, path))
    skip = compile_skip_patterns(options.skip_patterns)
    provenance: dict[str, Any] = {
        md.SOURCE: path,
        md.SOURCE_SHA256: hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    if options.docs_root:
        provenance[md.DOCS_ROOT] = options.docs_root
    notebooks = {}
    memo: dict[int, list[CellSpec]] = {}
    shared: dict[tuple[CellSpec, int], dict[str, Any]] = {}  # cells alike in the notebooks
    for variant in variant_names(parsed.blocks, options.variants):
        blocks = select(parsed.blocks, variant)
        cells = [*prepended, *cell_specs(blocks, skip, memo)]
        _check_size(cells, len(text), path, variant)
        meta = {**provenance, md.VARIANT: variant, md.FRAMEWORKS: list(frameworks_in(blocks))}
        gpu_type = options.gpu.gpu_type if needs_gpu(cells, options.gpu) else None
        notebooks[variant] = build_notebook(cells, meta, title, gpu_type, shared)
    # The same reference twice on one line is one thing to fix: say it once.
    warnings = list(dict.fromkeys([*parsed.warnings, *link_warnings]))
    return PageConversion(notebooks, title, warnings)
