"""One page, several notebooks: the mixed one and one per framework it contains."""

from __future__ import annotations

from notebook_gen.convert.frameworks import FRAMEWORKS
from notebook_gen.convert.metadata import MIXED
from notebook_gen.model import Block, Prose


def frameworks_in(blocks: list[Block]) -> tuple[str, ...]:
    """The frameworks that have blocks on the page, in registry order."""
    present = {block.scope.framework for block in blocks}
    return tuple(fw.name for fw in FRAMEWORKS if fw.name in present)


def variant_names(blocks: list[Block]) -> tuple[str, ...]:
    """``mixed`` first, then each framework the page has blocks for."""
    return (MIXED, *frameworks_in(blocks))


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
