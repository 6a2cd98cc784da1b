"""The frameworks a page can be split by: a small declarative registry.

A new framework is one entry here; nothing else in the pipeline names one.
"""

from __future__ import annotations

from dataclasses import dataclass


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


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("pytorch", "PyTorch", ("pt",), ("pytorch", "pt", "torch"), ("torch",)),
    Framework(
        "tensorflow", "TensorFlow", ("tf",), ("tensorflow", "tf", "keras"), ("tensorflow", "keras")
    ),
    Framework("jax", "JAX", ("jax", "flax"), ("jax", "flax"), ("jax", "flax")),
)

BY_NAME = {fw.name: fw for fw in FRAMEWORKS}
BY_TAG = {tag: fw for fw in FRAMEWORKS for tag in fw.tags}
BY_OPTION_ID = {option: fw for fw in FRAMEWORKS for option in fw.option_ids}


def framework_for_option(option_id: str) -> Framework | None:
    """The framework an ``<hfoption id=...>`` names, or None for other options."""
    return BY_OPTION_ID.get(option_id.strip().lower())
