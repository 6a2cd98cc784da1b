"""Which fenced blocks are Python samples, which are package installs, which stay prose."""

from __future__ import annotations

import re
from enum import Enum

from notebook_gen.convert.dialect.installs import why_not_in_colab

PYTHON_INFOS = frozenset({"py", "python", "python3", "py3", "pycon", "ipython", "ipython3"})
SHELL_INFOS = frozenset({"bash", "sh", "shell", "console", "zsh"})

_INSTALL = re.compile(r"^(?:!|\$\s*)?\s*(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b")


_OUTPUT_WORDS = frozenset({"out", "output"})
"""A second word of the info string that marks a printed result (```` ```python out ````)."""


class FenceKind(Enum):
    PYTHON = "python"
    INSTALL = "install"
    LOCAL_INSTALL = "local_install"
    """An install for a developer's machine (:mod:`.installs`): shown as text, never run."""
    OUTPUT = "output"
    """A printed result: the previous sample's output, never a runnable cell."""
    PROSE = "prose"


def fence_language(info: str) -> str:
    """The language word of a fence's info string (``py`` in ```` ```py title="x" ````)."""
    return info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""


def is_install_block(content: str) -> bool:
    """True when every command line of a shell block is a ``pip install``."""
    commands = [line.strip() for line in content.splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    return bool(commands) and all(_INSTALL.match(line) for line in commands)


def classify_fence(info: str, content: str) -> FenceKind:
    language = fence_language(info)
    if _OUTPUT_WORDS.intersection(word.lower() for word in info.split()[1:]):
        return FenceKind.OUTPUT
    if language in PYTHON_INFOS:
        return FenceKind.PYTHON
    if not language and content.lstrip(" \t").startswith(">>>"):
        return FenceKind.PYTHON  # a bare doctest fence
    if language in SHELL_INFOS and is_install_block(content):
        if any(why_not_in_colab(line) for line in content.splitlines()):
            return FenceKind.LOCAL_INSTALL
        return FenceKind.INSTALL
    return FenceKind.PROSE


def install_cell_source(content: str) -> str:
    """Shell install lines as notebook shell escapes (``!pip install ...``)."""
    lines = []
    for raw in content.rstrip("\n").splitlines():
        line = raw.strip()
        if line.startswith("$"):
            line = line[1:].lstrip()
        if line and not line.startswith(("#", "!")):
            line = "!" + line
        lines.append(line)
    return "\n".join(lines)
