"""Write the small notebooks the execution tests run, one per behaviour.

Run ``python tests/files/make_notebooks.py`` after changing a recipe below; the
notebooks are committed so a reader can open them. Each looks like a notebook
the build writes: provenance in the notebook's metadata, a page line per cell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DOCS_ROOT = "docs/source"

# name: (frameworks, [(source, tags, expected_output, doctest_flags), ...])
Cell = tuple[str, tuple[str, ...], str | None, tuple[str, ...]]


def code(source: str, *tags: str, expected: str | None = None, flags: tuple[str, ...] = ()) -> Cell:
    return (source, tags, expected, flags)


RECIPES: dict[str, tuple[list[str], list[Cell]]] = {
    "Pass": ([], [code("x = 21"), code("print(x * 2)")]),
    "Raises": ([], [code("x = 1"), code("raise ValueError('the docs are out of date')")]),
    "RaisesExpected": (
        [],
        [code("1 / 0", "raises-exception"), code("print('went on')")],
    ),
    "RaisesNothing": ([], [code("x = 1", "raises-exception")]),
    "Timeout": ([], [code("import time"), code("while True:\n    time.sleep(0.1)")]),
    "KillsKernel": ([], [code("import os"), code("os._exit(1)"), code("print('unreachable')")]),
    "SkipCell": (
        [],
        [
            code(
                "from huggingface_hub import notebook_login\n\nnotebook_login()", "skip-execution"
            ),
            code("print('after the login cell')"),
        ],
    ),
    "NeedsMissingFramework": (["pytorch"], [code("import torch"), code("torch.ones(2)")]),
    "OutputMatches": (
        [],
        [
            code("print('hello   world')", expected="hello world"),
            code("list(range(30))", expected="[0, 1, 2, ..., 29]"),
            code("{'score': 0.987654}", expected="{'score': 0.98...}", flags=("ELLIPSIS",)),
            code("import random\n\nrandom.random()", expected="0.42", flags=("IGNORE_RESULT",)),
        ],
    ),
    "OutputMismatch": (
        [],
        [code("print('ok')", expected="ok"), code("6 * 7", expected="41")],
    ),
    "InstallFails": (
        [],
        [
            code(
                "!printf '\\033[31mERROR: No matching distribution found for nope\\033[0m\\n'"
                "; exit 3",
                "install",
            ),
            code("print('installed')"),
        ],
    ),
    "NetworkError": (
        [],
        [code("raise ConnectionError('Max retries exceeded with url: /api/models')")],
    ),
    "WritesFiles": (
        [],
        [
            code(
                "import os\nfrom pathlib import Path\n\n"
                "Path('scratch.txt').write_text('made by a notebook')\nprint(os.getcwd())"
            )
        ],
    ),
    "LongOutput": ([], [code("print('x' * 50_000)")]),
    "SlowCells": (
        [],
        [code(f"import time\n\ntime.sleep(0.6)\nprint('step {n}')") for n in range(1, 7)],
    ),
}


def notebook(name: str, frameworks: list[str], cells: list[Cell]) -> dict[str, Any]:
    """A notebook as the build writes it (provenance, page lines, expected outputs)."""
    return {
        "cells": [_cell(name, index, cell) for index, cell in enumerate(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "notebook_gen": {
                "source": f"en/{name.lower()}.md",
                "docs_root": DOCS_ROOT,
                "variant": frameworks[0] if frameworks else "mixed",
                "frameworks": frameworks,
                "generator": "tests/files/make_notebooks.py",
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(name: str, index: int, cell: Cell) -> dict[str, Any]:
    source, tags, expected, flags = cell
    meta: dict[str, Any] = {"notebook_gen": {"line": 10 * (index + 1)}}
    if flags:
        meta["notebook_gen"]["doctest"] = list(flags)
    if tags:
        meta["tags"] = list(tags)
    outputs = []
    if expected is not None:
        outputs.append(
            {
                "output_type": "execute_result",
                "execution_count": None,
                "data": {"text/plain": expected.splitlines(keepends=True)},
                "metadata": {},
            }
        )
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"{name.lower()}-{index}",
        "metadata": meta,
        "outputs": outputs,
        "source": source.splitlines(keepends=True),
    }


def main() -> None:
    for name, (frameworks, cells) in RECIPES.items():
        text = json.dumps(notebook(name, frameworks, cells), indent=1, sort_keys=True)
        (HERE / f"{name}.ipynb").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
