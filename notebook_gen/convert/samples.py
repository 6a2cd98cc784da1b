"""Python samples to code cells: doctest prompts stripped, printed output kept.

A sample without ``>>>`` prompts is one cell, as written. A doctest sample follows
doctest's own reading: a ``>>>`` line and the ``...`` lines right after it are source;
the lines after that, up to the next prompt, are the printed output. Each run of source
that ends in printed output closes a cell, so the output sits under the code that made it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

PS1, PS2 = ">>>", "..."
TRACEBACK = "Traceback (most recent call last):"
BLANKLINE = "<BLANKLINE>"
_DIRECTIVE = re.compile(r"\s*#\s*doctest:\s*(?P<flags>[+-]\w+(?:\s*,\s*[+-]\w+)*)\s*$")


@dataclass(frozen=True)
class CodeRun:
    """One cell's worth of a sample."""

    code: str
    line: int
    """Page line (1-based) of the first code line."""
    output: str | None = None
    flags: tuple[str, ...] = ()

    @property
    def raises(self) -> bool:
        return self.output is not None and self.output.startswith(TRACEBACK)


@dataclass
class _Run:
    code: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    line: int = 0


def _prompt_body(line: str, prompt: str) -> str | None:
    """The code after ``prompt`` (``>>> x`` -> ``x``), or None if the line has no prompt."""
    if line == prompt:
        return ""
    if line.startswith(prompt + " "):
        return line[len(prompt) + 1 :]
    return None


def _strip_directive(code: str, flags: list[str]) -> str:
    """Move a ``# doctest: +FLAG`` comment from the code into ``flags``."""
    found = _DIRECTIVE.search(code)
    if found is None:
        return code
    flags.extend(flag.strip().lstrip("+") for flag in found["flags"].split(",")
                 if flag.strip().startswith("+"))
    return code[: found.start()]


def _close(run: _Run, runs: list[CodeRun]) -> None:
    code = "\n".join(run.code).strip("\n")
    # doctest writes an empty output line as <BLANKLINE>; a notebook shows it empty.
    output = "\n".join("" if line.strip() == BLANKLINE else line for line in run.output)
    output = output.strip("\n")
    if code.strip() or output.strip():
        runs.append(CodeRun(code, run.line, output or None, tuple(dict.fromkeys(run.flags))))


def is_doctest(source: str) -> bool:
    return any(line.lstrip().startswith(PS1) for line in source.splitlines())


def split_sample(source: str, first_line: int) -> list[CodeRun]:
    """The cells of one sample; ``first_line`` is the page line of its first line."""
    text = textwrap.dedent(source.rstrip("\n"))
    if not is_doctest(text):
        code = text.strip("\n")
        skipped = len(text) - len(text.lstrip("\n"))
        return [CodeRun(code, first_line + skipped)] if code.strip() else []
    runs: list[CodeRun] = []
    run = _Run(line=first_line)
    in_source = False
    for offset, raw in enumerate(text.split("\n")):
        line = raw.lstrip() if raw.lstrip().startswith((PS1, PS2)) else raw
        body = _prompt_body(line, PS1)
        if body is None and in_source:
            body = _prompt_body(line, PS2)
        if body is not None:
            if run.output:
                _close(run, runs)
                run = _Run(line=first_line + offset)
            if not run.code or not any(c.strip() for c in run.code):
                run.line = first_line + offset
            run.code.append(_strip_directive(body, run.flags))
            in_source = True
        elif in_source and not raw.strip():
            run.code.append("")  # a blank line between prompts stays in the cell
        elif run.code and (in_source or run.output):
            run.output.append(raw)
            in_source = False
        else:
            run.code.append(raw)  # lines before the first prompt are plain code
    _close(run, runs)
    return runs
