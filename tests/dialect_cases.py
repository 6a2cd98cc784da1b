"""The dialect fixture pages and how their golden notebooks are made.

Each ``fixtures/dialect/<case>.md`` is one construct of DIALECT.md; its expected
notebooks live in ``golden/dialect/<case>/<variant>.ipynb``. ``make goldens`` rewrites
them from the current code; a person reads every golden diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

from notebook_gen.build.inputs.config import parse_config
from notebook_gen.convert.page import ConvertOptions, PageConversion, convert_page

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "dialect"
GOLDEN = HERE / "golden" / "dialect"


def case_names() -> list[str]:
    return sorted(path.stem for path in FIXTURES.glob("*.md"))


def fixture_options() -> ConvertOptions:
    config = parse_config((FIXTURES / "_config.py").read_text(encoding="utf-8"), "en/_config.py")
    return ConvertOptions(first_cells=config.first_cells, docs_root="tests/fixtures")


def convert_case(name: str) -> PageConversion:
    text = (FIXTURES / f"{name}.md").read_bytes().decode("utf-8")  # line endings as written
    return convert_page(text, f"dialect/{name}.md", fixture_options())
