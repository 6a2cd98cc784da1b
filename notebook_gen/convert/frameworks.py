"""The frameworks a page can be split by: a small declarative registry.

A new framework is one entry here; nothing else in the pipeline names one.
"""

from __future__ import annotations

from dataclasses import dataclass

from notebook_gen.convert.metadata import MIXED
from notebook_gen.convert.options import SITE
from notebook_gen.model import Block, Prose


@dataclass(frozen=True)
class Framework:
    """One framework: how pages tag it, where its notebooks go, how readers see it."""

    name: str
    """Stable identifier, also the output sub-folder (``<lang>/<name>/page.ipynb``)."""
    label: str
    """What a reader sees above its blocks in the mixed notebook."""
    tags: tuple[str, ...]
    """``<frameworkcontent>`` child tags that select it."""
    option_ids: tuple[str, ...]
    """``<hfoption id=...>`` values (lower-cased) that select it."""
    modules: tuple[str, ...]
    """Top-level modules whose import means this framework."""
    packages: tuple[str, ...]
    """Distributions whose install means this framework (``pip install tensorflow``)."""
    in_colab_menu: bool
    """The docs site's "Open in Colab" menu links this framework's notebook for every
    page, so it is written for every page (else only for pages with its blocks)."""


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("pytorch", "PyTorch", ("pt",), ("pytorch", "pt", "torch"), ("torch",),
              ("torch",), in_colab_menu=True),
    Framework("tensorflow", "TensorFlow", ("tf",), ("tensorflow", "tf", "keras"),
              ("tensorflow", "keras"), ("tensorflow", "tensorflow-cpu", "tensorflow-gpu",
                                        "tf-keras", "keras"), in_colab_menu=True),
    Framework("jax", "JAX", ("jax", "flax"), ("jax", "flax"), ("jax", "flax"),
              ("jax", "jaxlib", "flax"), in_colab_menu=False),
)

BY_NAME = {fw.name: fw for fw in FRAMEWORKS}
BY_TAG = {tag: fw for fw in FRAMEWORKS for tag in fw.tags}
BY_OPTION_ID = {option: fw for fw in FRAMEWORKS for option in fw.option_ids}
BY_MODULE = {module: fw for fw in FRAMEWORKS for module in fw.modules}
"""The framework a top-level import names (``torch``, ``keras``)."""
BY_PACKAGE = {package: fw for fw in FRAMEWORKS for package in fw.packages}
"""The framework a PyPI package installs (``tensorflow-cpu``)."""


def framework_for_option(option_id: str) -> Framework | None:
    """The framework an ``<hfoption id=...>`` names, or None for other options."""
    return BY_OPTION_ID.get(option_id.strip().lower())


# One page, several notebooks: the mixed one and one per framework.
#
# The default layout is the docs site's: its "Open in Colab" menu links the PyTorch and
# TensorFlow notebooks of every page, so those are written for every page, with or without
# framework blocks (a missing one is a dead link on the live site), and other frameworks'
# (JAX) when the page has their blocks. ``present`` writes a framework's notebook only
# for pages with its blocks, for trees that are not published that way.
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
