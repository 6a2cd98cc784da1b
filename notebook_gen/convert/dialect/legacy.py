"""The older framework split: one Python sample holding a ``===PT-TF-SPLIT===`` line, the
PyTorch code above it and the TensorFlow code below. Some libraries still use it on
their Colab pages. Each half is its framework's sample; the marker reaches no notebook.
"""

from __future__ import annotations

from notebook_gen.convert.samples import PS1

LEGACY_SPLIT = "===PT-TF-SPLIT==="
LEGACY_FRAMEWORKS = ("pytorch", "tensorflow")
"""The frameworks of the halves above and below the marker, in that order."""


def _is_marker(line: str) -> bool:
    stripped = line.strip()
    return stripped.removeprefix(PS1).strip() == LEGACY_SPLIT


def legacy_halves(content: str, first_line: int) -> list[tuple[str, str, int]] | None:
    """``(framework, source, page line of its first line)`` for each half of a sample
    split by the marker, or None when the sample has no marker line."""
    if LEGACY_SPLIT not in content:
        return None
    lines = content.split("\n")
    marker = next((i for i, line in enumerate(lines) if _is_marker(line)), None)
    if marker is None:
        return None
    above, below = "\n".join(lines[:marker]), "\n".join(lines[marker + 1 :])
    pytorch, tensorflow = LEGACY_FRAMEWORKS
    return [(pytorch, above, first_line), (tensorflow, below, first_line + marker + 1)]
