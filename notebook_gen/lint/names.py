"""Which distribution provides an import, and what Colab already has installed.

Most distributions are named like their top-level module, up to case and ``-``/``_``/``.``
(``huggingface_hub`` is ``huggingface-hub``); the table lists those that are not. Both tables
are data files beside this module (``data/``), each saying where its entries come from. A
``[tool.notebook-gen]`` ``import_names = {module = "distribution"}`` table extends the first;
``colab_preinstalled = [...]`` replaces the second.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data"
"""Beside this module (no importlib.resources: the command line should start quickly)."""


def _data_lines(name: str) -> list[list[str]]:
    """The non-comment lines of a data file beside this module, split on whitespace."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines() if line.strip()
            and not line.startswith("#")]


def _import_names() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for module, distribution, *_source in _data_lines("import_names.tsv"):
        table[module] = (*table.get(module, ()), distribution)
    return table


IMPORT_NAMES: dict[str, tuple[str, ...]] = _import_names()
"""Top-level module -> distributions that provide it (when the names differ), from
``data/import_names.tsv``: pairs that well-kept tools maintain, each with its source."""

COLAB_PREINSTALLED: tuple[str, ...] = tuple(line[0] for line in
                                            _data_lines("colab_preinstalled.txt"))
"""Distributions a Colab runtime has without an install cell (``data/colab_preinstalled.txt``,
from the runtime's published ``pip freeze``; frameworks included: a notebook need not
install the framework it runs on, so they are never reported)."""

_HUB = ("huggingface-hub", "safetensors", "numpy", "pyyaml", "requests", "tqdm", "packaging")
REQUIRES: dict[str, tuple[str, ...]] = {
    "transformers": (*_HUB, "tokenizers", "regex", "filelock"),
    "datasets": (*_HUB, "pyarrow", "pandas", "fsspec", "dill", "multiprocess", "xxhash"),
    "evaluate": ("datasets", *_HUB),
    "accelerate": (*_HUB, "torch", "psutil"),
    "peft": ("transformers", "accelerate", "torch"),
    "diffusers": (*_HUB, "pillow", "regex", "filelock"),
    "timm": (*_HUB, "torch", "torchvision"),
    "optimum": ("transformers", "torch"),
    "sentence-transformers": ("transformers", "torch", "scikit-learn", "scipy"),
    "trl": ("transformers", "accelerate", "datasets"),
    "librosa": ("numpy", "scipy", "soundfile", "numba", "joblib"),
}
"""Distribution -> distributions it installs with it (main dependencies only): a page that
installs ``transformers`` may import ``huggingface_hub``."""

EXTRAS: dict[str, tuple[str, ...]] = {
    "torch": ("torch",), "tf": ("tensorflow",), "tf-cpu": ("tensorflow",),
    "tensorflow": ("tensorflow",), "flax": ("flax", "jax"), "jax": ("jax",),
}
"""``pip install pkg[extra]`` extras that install a framework under another name."""

_SEPARATORS = re.compile(r"[-_.]+")
STDLIB = frozenset(sys.stdlib_module_names)


def normalize(name: str) -> str:
    """A distribution name in its canonical form (``Huggingface_Hub`` -> ``huggingface-hub``)."""
    return _SEPARATORS.sub("-", name).lower()


def import_table(extra: Mapping[str, str | Iterable[str]] | None = None,
                 ) -> dict[str, tuple[str, ...]]:
    """The module -> distributions table, extended (or overridden) by ``extra``."""
    table = dict(IMPORT_NAMES)
    for module, dists in (extra or {}).items():
        table[module] = (dists,) if isinstance(dists, str) else tuple(dists)
    return table


def with_requirements(installed: Iterable[str]) -> set[str]:
    """``installed`` (normalised names) and everything they bring along, transitively."""
    provided: set[str] = set()
    pending = list(installed)
    while pending:
        name = pending.pop()
        if name not in provided:
            provided.add(name)
            pending.extend(REQUIRES.get(name, ()))
    return provided


def preinstalled_set(names: Iterable[str]) -> frozenset[str]:
    """Normalised names from a preinstalled list (distributions, or modules as the
    ``colab-preinstalled`` setting may list them)."""
    return frozenset(normalize(name) for name in names)


def is_preinstalled(module: str, dists: Iterable[str], preinstalled: frozenset[str]) -> bool:
    """Whether the module, or one of the distributions that provide it, is preinstalled."""
    return normalize(module) in preinstalled or any(d in preinstalled for d in dists)


def distributions_for(module: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Normalised distributions any of which provides ``module``."""
    return tuple(normalize(d) for d in table.get(module, (module,)))


# What a missing import may be instead of a missing install: a module the page itself
# defines, or a typo of a standard-library module.
#
# A page defines a module when its text names the module's file or folder where a reader
# would create it: ``pair_classification.py``, ``resnet_model/configuration_resnet.py``,
# ``%%writefile helpers.py``, or a folder tree drawn with ``├──`` / ``└──`` (or ``|--``).
# A name inside a URL or a longer path (``.../transformers/...``) does not count: only a
# name at the start of a path does.
_START = r"(?:^|(?<=[\s`'\"(\[=])|(?<=\./))"
_FILE_OR_FOLDER = re.compile(_START + r"(?P<name>[A-Za-z_]\w*)(?:\.py\b|/)", re.MULTILINE)
_TREE_ENTRY = re.compile(r"(?:[├└]──|[|`]--)\s*(?P<name>[A-Za-z_]\w*)")
_STDLIB_PUBLIC = sorted(name for name in STDLIB if not name.startswith("_"))


def local_modules(notebook: Mapping[str, Any]) -> frozenset[str]:
    """Top-level module names the notebook's cells (prose and code) define as files."""
    found: set[str] = set()
    for cell in notebook.get("cells", ()):
        found.update(_defined_in(tuple(cell.get("source", ()))))
    return frozenset(found)


@lru_cache(maxsize=4096)
def _defined_in(lines: tuple[str, ...]) -> frozenset[str]:
    """The module names one cell's text defines. Cached: a page's notebooks share most of
    their cells, each scanned once."""
    text = "".join(lines)
    found: set[str] = set()
    if ".py" in text or "/" in text:
        # Word by word, and only the words that can hold a match: the same matches (a
        # match never spans whitespace, and a word starts where whitespace ends, as the
        # pattern's start allows), scanned in a fraction of the time.
        found.update(m["name"] for word in text.split() if "/" in word or ".py" in word
                     for m in _FILE_OR_FOLDER.finditer(word))
    if "──" in text or "--" in text:
        found.update(m["name"] for m in _TREE_ENTRY.finditer(text))
    return frozenset(found)


def near_stdlib(module: str) -> str | None:
    """The standard-library module ``module`` is probably a typo of (``contexlib``)."""
    if len(module) < 4:
        return None
    close = difflib.get_close_matches(module, _STDLIB_PUBLIC, n=1, cutoff=0.85)
    return close[0] if close else None
