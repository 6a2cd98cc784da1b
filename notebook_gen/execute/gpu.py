"""Whether a notebook needs a GPU, and whether this machine has one.

A notebook written for a GPU fails on a CPU runner in ways that say nothing about
the page (``AssertionError: Torch not compiled with CUDA enabled``, or an hour of
CPU training before a timeout), so it is skipped there with the reason "needs a
GPU", as a notebook whose framework is missing is.

What a notebook needs comes from its code, by the rule that gave it its Colab runtime
(:func:`notebook_gen.convert.gpu.cuda_use`): a sign of CUDA on a line without a CPU
fallback. A notebook notebook_gen did not write is taken at its word when its metadata says
(``"accelerator"``, Colab's key, at the notebook level or under ``colab``). Ours ask Colab for
a GPU also when the code merely prefers one, so their metadata is not the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from notebook_gen.convert.gpu import cuda_use
from notebook_gen.convert.metadata import KEY

_DEVICES = ("/dev/nvidiactl", "/proc/driver/nvidia/version", "/dev/kfd", "/dev/dxg")
"""NVIDIA's driver, AMD's ROCm (whose PyTorch answers to "cuda" too), WSL's GPU."""
_HIDDEN = {"", "-1", "none", "void", "nodevfiles"}
"""``CUDA_VISIBLE_DEVICES`` values that hide every GPU."""


def needs_gpu(notebook: dict[str, Any], code: Iterable[str]) -> bool:
    """Whether a notebook (its metadata, and the ``code`` of the cells that run) needs CUDA."""
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict) and KEY not in metadata:
        colab = metadata.get("colab")
        for holder in (metadata, colab if isinstance(colab, dict) else {}):
            if "accelerator" in holder:
                return str(holder["accelerator"]).upper() == "GPU"
    return cuda_use(code) == "needs"


def available() -> bool:
    """Whether this machine has a GPU a kernel could use (a driver's device, not hidden).

    Looking for the driver's files costs nothing, where asking ``torch`` would import
    it in every run.
    """
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip().lower() in _HIDDEN:
        return False
    return any(Path(device).exists() for device in _DEVICES)
