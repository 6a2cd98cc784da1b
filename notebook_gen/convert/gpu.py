"""Whether a notebook's code needs CUDA, and how it asks Colab for a GPU runtime.

Colab reads two metadata keys when it opens a notebook: ``"accelerator": "GPU"`` at the
top of the notebook metadata and ``"gpuType"`` (``"T4"``, the free tier's) in its
``colab`` block. A notebook whose code shows one of the signs below asks for both; any
other asks for no accelerator. The signs and the GPU type are settings
(``gpu-signs``, ``gpu-type`` in ``[tool.notebook-gen]``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
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
    r"""\bdevice_map\s*=(?!\s*["']cpu["'])""",  # device_map="auto" places weights on GPUs
    r"""["']device_map["']\s*:(?!\s*["']cpu["'])""",  # model_kwargs={"device_map": "auto"}
    r"\bdevice\s*=\s*\d+\b",  # pipeline(..., device=0): the first GPU (-1 is the CPU)
)
"""Regular expressions, searched in each line of the code as :func:`code_view` shows it."""

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


_VALUE = re.compile(r"[\w:\-]{0,40}")
"""A string literal that reads as one value (``"cuda"``, ``"cuda:0"``, ``"device_map"``)
is kept in the code view: the signs look for such values."""


def _view_tokens(source: str) -> str:
    """``source`` with comments removed and every string literal that is not a single value
    emptied (``""``): a script sent to a remote job is text, not this notebook's code.
    Raises ``SyntaxError`` (an indentation error) where Python's tokenizer gives up."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    cuts: list[tuple[int, int, str]] = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    try:
        for token in tokens:
            if token.type == tokenize.COMMENT:
                replacement = ""
            elif token.type == tokenize.STRING and not _is_value(token.string):
                replacement = '""'
            else:
                continue
            start = starts[token.start[0] - 1] + token.start[1]
            cuts.append((start, starts[token.end[0] - 1] + token.end[1], replacement))
    except tokenize.TokenError as error:  # the end came first
        row, column = error.args[1]
        if "string" in error.args[0]:  # a string never closed: text to the end
            cuts.append((starts[row - 1] + column, len(source), '""'))
    pieces: list[str] = []
    done = 0
    for start, end, replacement in cuts:
        pieces += (source[done:start], replacement)
        done = end
    pieces.append(source[done:])
    return "".join(pieces)


def _is_value(literal: str) -> bool:
    try:
        value = ast.literal_eval(literal)
    except (SyntaxError, ValueError):  # an f-string: a template, not a value
        return False
    return isinstance(value, str) and _VALUE.fullmatch(value) is not None


@lru_cache(maxsize=256)  # a page's variants share most of their cells
def code_view(source: str) -> str:
    """The code of ``source`` as the signs read it: no comments, and only the strings that
    are single values (:data:`_VALUE`). Code that does not tokenize as a whole (mixed
    indentation) is read line by line, and a line that does not either is read as it is."""
    try:
        return _view_tokens(source)
    except SyntaxError:
        pass
    lines = []
    for line in source.splitlines():
        try:
            lines.append(_view_tokens(line.strip()))
        except SyntaxError:
            lines.append(line)
    return "\n".join(lines)


def cuda_use(sources: Iterable[str], signs: tuple[str, ...] = DEFAULT_GPU_SIGNS) -> str | None:
    """``"needs"`` when a code line shows a sign of CUDA without a CPU fallback,
    ``"prefers"`` when every such line falls back to the CPU, else None. Only code counts
    (:func:`code_view`): not comments, not a script held in a string. The one rule behind
    the notebook's Colab runtime (a GPU for either) and the nightly check's skips (only what
    needs one is skipped on a machine without a GPU)."""
    pattern = _pattern(signs)
    if pattern is None:
        return None
    use = None
    for source in sources:
        if not pattern.search(source):  # no sign in the text: none in the code
            continue
        for line in code_view(source).splitlines():
            stripped = line.strip()
            if not pattern.search(stripped):
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
