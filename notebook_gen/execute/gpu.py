"""Whether a notebook needs a GPU, and whether this machine has one.

A notebook written for a GPU fails on a CPU runner in ways that say nothing about
the page (``AssertionError: Torch not compiled with CUDA enabled``, or an hour of
CPU training before a timeout), so it is skipped there with the reason "needs a
GPU", as a notebook whose framework is missing is.

What a notebook needs comes from its metadata when the metadata says
(``"accelerator": "GPU"``, Colab's key, at the notebook level or under
``colab``), else from its code: a ``"cuda"`` device, ``.cuda()``,
``torch.cuda.*``, ``device_map=``, or a pipeline's ``device=0``. A line that
asks ``torch.cuda.is_available()`` is a guard (the code falls back to the CPU),
not a need, and comment lines do not count.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_SIGNS = re.compile(
    r"""["']cuda(?::\d+)?["']"""  # a "cuda" device: .to("cuda"), device="cuda:0"
    r"""|\.cuda\(\s*\)"""  # model.cuda()
    r"""|\btorch\.cuda\.\w+"""  # torch.cuda.synchronize(), torch.cuda.amp...
    r"""|\bdevice_map\s*=\s*(?!["']cpu["'])"""  # device_map="auto" (not "cpu")
    r"""|\bdevice\s*=\s*\d+\b"""  # pipeline(..., device=0)
)
_GUARD = re.compile(r"\bis_available\(\)|\bdevice_count\(\)")
_DEVICES = ("/dev/nvidiactl", "/proc/driver/nvidia/version", "/dev/kfd", "/dev/dxg")
"""NVIDIA's driver, AMD's ROCm (whose PyTorch answers to "cuda" too), WSL's GPU."""
_HIDDEN = {"", "-1", "none", "void", "nodevfiles"}
"""``CUDA_VISIBLE_DEVICES`` values that hide every GPU."""


def needs_gpu(notebook: dict[str, Any], code: Iterable[str]) -> bool:
    """Whether a notebook (its metadata, and the ``code`` of the cells that run) needs CUDA."""
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        colab = metadata.get("colab")
        for holder in (metadata, colab if isinstance(colab, dict) else {}):
            if "accelerator" in holder:
                return str(holder["accelerator"]).upper() == "GPU"
    return any(_sign(line) for source in code for line in source.splitlines())


def _sign(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith("#") or _GUARD.search(stripped):
        return False
    return _SIGNS.search(stripped) is not None


def available() -> bool:
    """Whether this machine has a GPU a kernel could use (a driver's device, not hidden).

    Looking for the driver's files costs nothing, where asking ``torch`` would cost
    seconds of import in every run.
    """
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip().lower() in _HIDDEN:
        return False
    return any(Path(device).exists() for device in _DEVICES)
