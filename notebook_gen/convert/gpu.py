"""Whether a notebook's code needs CUDA, and how it asks Colab for a GPU runtime.

Colab reads two metadata keys when it opens a notebook: ``"accelerator": "GPU"`` at the
top of the notebook metadata and ``"gpuType"`` (``"T4"``, the free tier's) in its
``colab`` block. A notebook whose code shows one of the signs below asks for both; any
other asks for no accelerator. The signs and the GPU type are settings
(``gpu-signs``, ``gpu-type`` in ``[tool.notebook-gen]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from notebook_gen.convert.metadata import TAG_INSTALL
from notebook_gen.errors import PageError

if TYPE_CHECKING:
    from notebook_gen.model import CellSpec

DEFAULT_GPU_SIGNS: tuple[str, ...] = (
    r"""["']cuda(?::\d+)?["']""",  # a "cuda" device: device="cuda", .to("cuda:0")
    r"\.cuda\(",  # model.cuda()
    r"\btorch\.cuda\.",  # torch.cuda.is_available(), torch.cuda.empty_cache()
    r"""\bdevice_map\s*=\s*(?!["']cpu["'])""",  # device_map="auto" places weights on GPUs
    r"\bdevice\s*=\s*\d+\b",  # pipeline(..., device=0): the first GPU (-1 is the CPU)
)
"""Regular expressions, searched in each code line that is not a comment."""

CPU_FALLBACK = re.compile(r"\bis_available\(\)|\bdevice_count\(\)")
"""A line that asks whether CUDA is there falls back to the CPU when it is not: its code
uses a GPU (Colab should give one) but does not need one (a CPU runner can still run it)."""

DEFAULT_GPU_TYPE = "T4"
ACCELERATOR = "accelerator"
GPU_TYPE = "gpuType"


@dataclass(frozen=True)
class GpuOptions:
    """What makes a notebook ask for a GPU, and which one it asks for."""

    signs: tuple[str, ...] = DEFAULT_GPU_SIGNS
    """Regular expressions; an empty tuple never asks for a GPU."""
    gpu_type: str = DEFAULT_GPU_TYPE

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], where: str = "pyproject.toml"
                      ) -> GpuOptions:
        """From ``[tool.notebook-gen]``: ``gpu_signs = [regex, ...]`` (replaces the
        default signs), ``gpu_type = "A100"``."""
        signs = settings.get("gpu_signs", DEFAULT_GPU_SIGNS)
        if not isinstance(signs, list | tuple) or not all(isinstance(s, str) for s in signs):
            raise PageError(where, None, "[tool.notebook-gen] gpu-signs must be a list of "
                            "regular expressions")
        for sign in signs:
            try:
                re.compile(sign)
            except re.error as error:
                raise PageError(where, None, f"[tool.notebook-gen] gpu-signs: {sign!r} is "
                                f"not a regular expression: {error}") from None
        gpu_type = settings.get("gpu_type", DEFAULT_GPU_TYPE)
        if not isinstance(gpu_type, str) or not gpu_type:
            raise PageError(where, None, "[tool.notebook-gen] gpu-type must be a GPU name "
                            "such as \"T4\"")
        return cls(tuple(signs), gpu_type)


@lru_cache(maxsize=16)
def _pattern(signs: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{sign})" for sign in signs)) if signs else None


def cuda_use(sources: Iterable[str], signs: tuple[str, ...] = DEFAULT_GPU_SIGNS) -> str | None:
    """``"needs"`` when a code line shows a sign of CUDA without a CPU fallback,
    ``"prefers"`` when every such line falls back to the CPU, else None. Comment lines do not
    count. The one rule behind the notebook's Colab runtime (a GPU for either) and the
    nightly check's skips (only what needs one is skipped on a machine without a GPU)."""
    pattern = _pattern(signs)
    if pattern is None:
        return None
    use = None
    for source in sources:
        for line in source.splitlines():
            stripped = line.strip()
            if stripped.startswith("#") or not pattern.search(stripped):
                continue
            if not CPU_FALLBACK.search(stripped):
                return "needs"
            use = "prefers"
    return use


def needs_gpu(cells: Iterable[CellSpec], options: GpuOptions) -> bool:
    """Whether a notebook asks Colab for a GPU: a code cell (install cells aside) uses CUDA."""
    code = (cell.source for cell in cells if cell.kind == "code" and TAG_INSTALL not in cell.tags)
    return cuda_use(code, options.signs) is not None


def gpu_metadata(metadata: dict[str, Any], gpu_type: str) -> None:
    """Ask Colab for a GPU runtime, as Colab itself writes it."""
    metadata[ACCELERATOR] = "GPU"
    metadata.setdefault("colab", {})[GPU_TYPE] = gpu_type


def asks_for_gpu(notebook: Mapping[str, Any]) -> bool:
    """Whether a notebook's metadata asks for a GPU runtime."""
    return bool(notebook.get("metadata", {}).get(ACCELERATOR) == "GPU")
