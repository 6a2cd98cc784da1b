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

# name: (frameworks, [(source, tags, expected_output, doctest_flags, cell_type), ...])
Cell = tuple[str, tuple[str, ...], str | None, tuple[str, ...], str]


def code(source: str, *tags: str, expected: str | None = None, flags: tuple[str, ...] = ()) -> Cell:
    return (source, tags, expected, flags, "code")


def markdown(text: str) -> Cell:
    return (text, (), None, (), "markdown")


DETACHED = """import subprocess
import sys

detached = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True
)
orphan = subprocess.run(
    ["sh", "-c", "setsid sleep 600 > /dev/null 2>&1 & echo $!"], capture_output=True, text=True
).stdout.strip()
print(detached.pid, orphan)"""
"""A process in a new session, and one orphaned by its exiting parent (a double fork)."""

SHOWS_HOME = """import json
import os
import tempfile
from pathlib import Path

print(json.dumps({"home": str(Path.home()), "tmp": tempfile.gettempdir(), "pid": os.getpid()}))"""

CHAINED_NETWORK_ERROR = """class ConnectError(ConnectionError):
    \"\"\"As an HTTP client names its own: the network let the call down.\"\"\"


class EntryNotCachedError(FileNotFoundError):
    \"\"\"As a library names its own: offline, and the file is not in the local cache.\"\"\"


try:
    raise ConnectError("[Errno 111] Connection refused")
except ConnectError as error:
    raise EntryNotCachedError("model.bin is not in the local cache") from error"""
"""A library's own error raised from a network error, as an offline download fails."""


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
    "NetworkErrorChained": (
        [],
        [code(CHAINED_NETWORK_ERROR)],
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
    "RaisesUnsendableError": (
        [],
        [code("raise ValueError('a lone surrogate: \\ud800')"), code("print('not reached')")],
    ),
    "RaisesControlCharacters": (
        [],
        [
            code(
                "raise RuntimeError('\\x1b[31mcoloured\\x1b[0m, a bell \\x07, a form feed "
                "\\x0c and <b>markup</b>')"
            )
        ],
    ),
    "RaisesHugeError": ([], [code("raise ValueError('x' * 5_000_000)")]),
    "StartsDetachedProcesses": ([], [code(DETACHED)]),
    "RaisesOnThirdLine": (
        [],
        [
            markdown("# A page whose third statement fails"),
            code("def check(value):\n    raise ValueError(value)"),
            code("a = 1\nb = 2\ncheck('the third line')\nc = 3"),
        ],
    ),
    "ImportsMissingModule": ([], [code("import fitz")]),
    "NeedsGpu": ([], [code("import json\n\ndevice = 'cuda'\nprint(json.dumps(device))")]),
    "MarkedForGpu": ([], [code("print('this page says it needs a GPU')")]),
    "ShowsHome": ([], [code(SHOWS_HOME)]),
}

EXTRA_METADATA: dict[str, dict[str, Any]] = {"MarkedForGpu": {"accelerator": "GPU"}}
"""Notebook metadata beyond the build's (Colab's ``accelerator``)."""

FOREIGN = {"MarkedForGpu"}
"""Notebooks another tool wrote: no provenance (their Colab metadata is taken at its word)."""


def notebook(name: str, frameworks: list[str], cells: list[Cell]) -> dict[str, Any]:
    """A notebook as the build writes it (provenance, page lines, expected outputs)."""
    metadata: dict[str, Any] = {
        **EXTRA_METADATA.get(name, {}),
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    if name not in FOREIGN:
        metadata["notebook_gen"] = {
            "source": f"en/{name.lower()}.md",
            "docs_root": DOCS_ROOT,
            "variant": frameworks[0] if frameworks else "mixed",
            "frameworks": frameworks,
            "generator": "tests/files/make_notebooks.py",
        }
    return {
        "cells": [_cell(name, index, cell) for index, cell in enumerate(cells)],
        "metadata": metadata,
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(name: str, index: int, cell: Cell) -> dict[str, Any]:
    source, tags, expected, flags, cell_type = cell
    meta: dict[str, Any] = {"notebook_gen": {"line": 10 * (index + 1)}}
    if cell_type == "markdown":
        return {"cell_type": "markdown", "id": f"{name.lower()}-{index}", "metadata": meta,
                "source": source.splitlines(keepends=True)}
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
