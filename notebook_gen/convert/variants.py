"""One page, several notebooks: the mixed one and one per framework.

The default layout is the docs site's: its "Open in Colab" menu links the PyTorch and
TensorFlow notebooks of every page, so those are written for every page, with or without
framework blocks (a missing one is a dead link on the live site), and other frameworks'
(JAX) when the page has their blocks. ``present`` writes a framework's notebook only
for pages with its blocks, for trees that are not published that way.
"""

from __future__ import annotations

from notebook_gen.convert.frameworks import FRAMEWORKS
from notebook_gen.convert.metadata import MIXED
from notebook_gen.convert.options import LAYOUTS, PRESENT, SITE
from notebook_gen.model import Block, Prose

__all__ = ["LAYOUTS", "PRESENT", "SITE", "frameworks_in", "select", "variant_names"]


def frameworks_in(blocks: list[Block]) -> tuple[str, ...]:
    """The frameworks that have blocks on the page, in registry order."""
    present = {block.scope.framework for block in blocks}
    return tuple(fw.name for fw in FRAMEWORKS if fw.name in present)


def variant_names(blocks: list[Block], layout: str = SITE) -> tuple[str, ...]:
    """``mixed`` first, then each framework notebook the layout writes for this page."""
    present = frameworks_in(blocks)
    return (MIXED, *(fw.name for fw in FRAMEWORKS
                     if fw.name in present or (layout == SITE and fw.in_colab_menu)))


def select(blocks: list[Block], variant: str) -> list[Block]:
    """The blocks a variant shows: all of them for ``mixed``, else the framework's and
    the shared ones, without the labels that only tell frameworks apart."""
    if variant == MIXED:
        return list(blocks)
    return [
        block
        for block in blocks
        if block.scope.framework in (None, variant)
        and not (isinstance(block, Prose) and block.mixed_only)
    ]
