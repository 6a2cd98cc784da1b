"""Rewrite the golden notebooks and their text views from the current converter
(``make goldens``).

Read the diff before committing (``git diff tests/golden/**/*.txt`` reads as the notebooks
do): a golden is only as good as the reading it got.
"""

from __future__ import annotations

import json
import shutil

from notebook_gen.convert.notebook import dumps
from tests.dialect_cases import GOLDEN, case_names, convert_case, text_view


def main() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name in case_names():
        folder = GOLDEN / name
        folder.mkdir(parents=True)
        notebooks = convert_case(name).notebooks
        for variant, notebook in notebooks.items():
            text = dumps(notebook)
            (folder / f"{variant}.ipynb").write_text(text, encoding="utf-8")
            (folder / f"{variant}.txt").write_text(text_view(json.loads(text)),
                                                   encoding="utf-8")
        print(f"{name}: {', '.join(sorted(notebooks))}")


if __name__ == "__main__":
    main()
