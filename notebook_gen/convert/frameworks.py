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
