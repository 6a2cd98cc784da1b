"""Every construct of DIALECT.md, as a fixture page, against its golden notebooks.

The goldens were produced by the converter and read by a person; ``make goldens``
rewrites them after a deliberate change.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from notebook_gen.convert.notebook import dumps
from tests.dialect_cases import GOLDEN, case_names, convert_case, text_view


def _cell_view(cell: dict) -> tuple:
    return (cell["cell_type"], "".join(cell["source"]), cell.get("outputs"), cell["metadata"])


@pytest.mark.parametrize("name", case_names())
def test_fixture_matches_golden_cell_by_cell(name: str) -> None:
    """The text view first (its diff is what a reviewer reads), then every cell, then the
    whole notebook."""
    result = convert_case(name)
    expected_variants = sorted(path.stem for path in (GOLDEN / name).glob("*.ipynb"))
    assert sorted(result.notebooks) == expected_variants
    assert sorted(path.stem for path in (GOLDEN / name).glob("*.txt")) == expected_variants
    for variant, notebook in result.notebooks.items():
        golden = json.loads((GOLDEN / name / f"{variant}.ipynb").read_text(encoding="utf-8"))
        actual = json.loads(dumps(notebook))
        view = (GOLDEN / name / f"{variant}.txt").read_text(encoding="utf-8")
        assert text_view(actual) == view, f"{name}/{variant}.txt"
        assert text_view(golden) == view, f"{name}/{variant}: the .txt is not its .ipynb's view"
        got = [_cell_view(c) for c in actual["cells"]]
        want = [_cell_view(c) for c in golden["cells"]]
        for index, (got_cell, want_cell) in enumerate(zip(got, want, strict=False)):
            assert got_cell == want_cell, f"{name}/{variant} cell {index}"
        assert len(got) == len(want), f"{name}/{variant}: cell count"
        assert actual == golden


def test_the_text_view_shows_what_a_reviewer_checks() -> None:
    """Kind, line, origin, tags and other metadata, sources and outputs; no cell id and no
    page hash (derived values that would make every diff noisy)."""
    golden = json.loads((GOLDEN / "doctest_directives" / "mixed.ipynb").read_text("utf-8"))
    view = text_view(golden)
    assert "source_sha256" in json.dumps(golden)
    assert "source_sha256" not in view
    assert not [cell["id"] for cell in golden["cells"] if cell["id"] in view]
    for number, cell in enumerate(golden["cells"]):
        heading = next(line for line in view.splitlines() if line.startswith(f"[{number}] "))
        assert heading.startswith(f"[{number}] {cell['cell_type']}")
        own = cell["metadata"]["notebook_gen"]
        assert (f"line {own['line']}" if "line" in own else f"from {own['origin']}") in heading
        for tag in cell["metadata"].get("tags", []):
            assert tag in heading
        assert "".join(cell["source"]) in view
        for output in cell.get("outputs", []):
            assert f"-> {output['output_type']}" in view
    assert "doctest ELLIPSIS" in view


@pytest.mark.parametrize("name", case_names())
def test_fixture_notebooks_are_valid_nbformat_4_5(name: str) -> None:
    for notebook in convert_case(name).notebooks.values():
        node = nbformat.reads(dumps(notebook), as_version=4)
        nbformat.validate(node)
        assert (node.nbformat, node.nbformat_minor) == (4, 5)


@pytest.mark.parametrize("name", case_names())
def test_conversion_is_byte_identical_on_rebuild(name: str) -> None:
    first = {v: dumps(nb) for v, nb in convert_case(name).notebooks.items()}
    second = {v: dumps(nb) for v, nb in convert_case(name).notebooks.items()}
    assert first == second


def test_every_dialect_construct_has_a_fixture() -> None:
    constructs = {
        "licence_comment", "colab_marker", "heading_anchor", "python_fences", "doctest_outputs",
        "doctest_traceback", "bare_doctest_fence", "doctest_directives", "shell_install",
        "other_fences", "fences_in_lists", "fences_in_tips", "tip_warning", "alerts", "youtube",
        "inline_math", "framework_blocks", "hfoptions", "html_blocks", "front_matter",
    }
    messier = {  # DIALECT.md, "Real pages are messier than this table", and the layout
        "site_variants", "recovery_unclosed_tag", "recovery_stray_closer",
        "recovery_fence_over_tag", "tag_stray_characters", "crlf_page", "marker_in_fence",
        "indented_tip", "list_continuation", "output_fences", "traceback_fence",
        "legacy_split", "one_line_framework_blocks", "doctest_blank_line",
        "licence_trailing_text", "autodoc", "hfoptions_tools", "local_install",
    }
    assert constructs | messier <= set(case_names())
