"""Rewrite the golden notebooks from the current converter (``make goldens``).

Read the diff (``git diff tests/golden``) before committing: a golden is only as good
as the reading it got.
"""

from __future__ import annotations

import shutil

from notebook_gen.convert.notebook import dumps
from tests.dialect_cases import GOLDEN, case_names, convert_case


def main() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name in case_names():
        folder = GOLDEN / name
        folder.mkdir(parents=True)
        for variant, notebook in convert_case(name).notebooks.items():
            (folder / f"{variant}.ipynb").write_text(dumps(notebook), encoding="utf-8")
        print(f"{name}: {', '.join(sorted(convert_case(name).notebooks))}")


if __name__ == "__main__":
    main()
