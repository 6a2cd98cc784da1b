"""Which distribution provides an import, and what Colab already has installed.

Most distributions are named like their top-level module, up to case and ``-``/``_``/``.``
(``huggingface_hub`` is ``huggingface-hub``); the table lists those that are not. A
``[tool.notebook-gen]`` ``import_names = {module = "distribution"}`` table extends it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping

IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    "PIL": ("pillow",),
    "sklearn": ("scikit-learn",),
    "skimage": ("scikit-image",),
    "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python"),
    "yaml": ("pyyaml",),
    "bs4": ("beautifulsoup4",),
    "attr": ("attrs",),
    "dateutil": ("python-dateutil",),
    "dotenv": ("python-dotenv",),
    "docx": ("python-docx",),
    "fitz": ("pymupdf",),
    "faiss": ("faiss-cpu", "faiss-gpu"),
    "Levenshtein": ("levenshtein", "python-levenshtein"),
    "jwt": ("pyjwt",),
    "Crypto": ("pycryptodome",),
    "awq": ("autoawq",),
    "pkg_resources": ("setuptools",),
    "google": ("protobuf", "google-cloud-storage"),
    "onnxruntime": ("onnxruntime", "onnxruntime-gpu"),
    "jax": ("jax", "jaxlib", "flax"),
    "quanto": ("quanto", "optimum-quanto"),
    "decord": ("decord", "eva-decord"),
}
"""Top-level module -> distributions that provide it (when the names differ)."""

COLAB_PREINSTALLED: tuple[str, ...] = (
    "torch", "torchvision", "torchaudio", "tensorflow", "keras", "jax", "flax",
    "numpy", "pandas", "matplotlib", "PIL", "requests", "scipy", "sklearn", "IPython",
    "ipywidgets", "tqdm", "google",
)
"""Top-level modules a Colab runtime imports without an install cell (frameworks included:
a notebook need not install the framework it runs on, so they are never reported)."""

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


def distributions_for(module: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Normalised distributions any of which provides ``module``."""
    return tuple(normalize(d) for d in table.get(module, (module,)))
