"""Python samples to code cells: doctest prompts stripped, printed output kept.

A sample without ``>>>`` prompts is one cell, as written. A doctest sample follows
doctest's own reading: a ``>>>`` line and the ``...`` lines right after it are source;
the lines after that, up to the next prompt, are the printed output. Each run of source
that ends in printed output closes a cell, so the output sits under the code that made it.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
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


def _is_prompt(raw: str, prompt: str) -> str | None:
    line = raw.lstrip()
    return _prompt_body(line, prompt) if line.startswith(prompt) else None


def _examples(lines: list[str]) -> Iterator[tuple[int, list[str], list[str]]]:
    """``(offset, source lines, following lines)`` for each ``>>>`` example, doctest's
    way: a ``>>>`` line and the ``...`` lines right after it are the source; the lines
    after that, up to the next ``>>>``, follow it. Lines before the first prompt come
    first, as an example without source."""
    offset, source, rest = 0, list[str](), list[str]()
    for index, raw in enumerate(lines):
        body = _is_prompt(raw, PS1)
        if body is None and source and not any(line.strip() for line in rest):
            body = _is_prompt(raw, PS2)
            if body is not None:  # a continuation, after blank lines or not
                source.extend([*rest, body])
                rest = []
                continue
        if body is not None:
            if source or rest:
                yield offset, source, rest
            offset, source, rest = index, [body], []
        else:
            rest.append(raw)
    yield offset, source, rest


def _is_code(lines: list[str]) -> bool:
    try:
        ast.parse(textwrap.dedent("\n".join(lines)))
    except (SyntaxError, ValueError):
        return False
    return True


def _want(rest: list[str]) -> tuple[list[str], list[str]]:
    """Split the lines after an example's source into its expected output and the code
    that follows. Doctest's output ends at the first blank line; what comes after it up
    to the next prompt (a ``# comment``, plain code) is code of the next cell. Pages that
    are not doctested also print blank lines: when what follows is not Python, it is
    more of the output."""
    blank = next((i for i, line in enumerate(rest) if not line.strip()), len(rest))
    output, after = rest[:blank], rest[blank:]
    if not any(line.strip() for line in after):
        return output, after
    if not _is_code([line for line in after if line.strip()]):
        return rest, []
    return output, after


def split_sample(source: str, first_line: int) -> list[CodeRun]:
    """The cells of one sample; ``first_line`` is the page line of its first line."""
    text = textwrap.dedent(source.rstrip("\n"))
    if not is_doctest(text):
        code = text.strip("\n")
        skipped = len(text) - len(text.lstrip("\n"))
        return [CodeRun(code, first_line + skipped)] if code.strip() else []
    runs: list[CodeRun] = []
    run = _Run(line=first_line)
    for offset, source_lines, rest in _examples(text.split("\n")):
        if not source_lines:  # lines before the first prompt: plain code
            run.code.extend(rest)
            continue
        if not any(c.strip() for c in run.code):
            run.line = first_line + offset
        run.code.extend(_strip_directive(line, run.flags) for line in source_lines)
        output, after = _want(rest)
        if output:
            run.output = output
            _close(run, runs)
            run = _Run(line=first_line + offset + len(source_lines) + len(output))
        if any(line.strip() for line in after):
            if run.code and any(c.strip() for c in run.code):
                _close(run, runs)
                run = _Run()
            start = next(i for i, line in enumerate(after) if line.strip())
            run.line = first_line + offset + len(source_lines) + len(output) + start
            run.code.extend(after[start:])
        else:
            run.code.extend(after)  # blank lines between prompts stay in the cell
    _close(run, runs)
    return runs


def prints_to_stdout(code: str) -> bool:
    """True when what a cell shows is printed (a ``stream``), not the value of its last
    expression (an ``execute_result``): the last statement is not an expression, or it
    is a ``print(...)`` call."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except (SyntaxError, ValueError):
        last = next((line for line in reversed(code.splitlines()) if line.strip()), "")
        return last.lstrip().startswith("print(")
    if not tree.body:
        return True
    last_statement = tree.body[-1]
    if not isinstance(last_statement, ast.Expr):
        return True
    value = last_statement.value
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == "print")


# The older framework split: one Python sample holding a ``===PT-TF-SPLIT===`` line, the
# PyTorch code above it and the TensorFlow code below. Some libraries still use it on
# their Colab pages. Each half is its framework's sample; the marker reaches no notebook.
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
