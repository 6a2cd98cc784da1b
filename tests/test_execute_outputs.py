"""Expected-output comparison: doctest's ELLIPSIS and whitespace rules, flags from metadata."""

from __future__ import annotations

import nbformat
import pytest

from notebook_gen.execute.outputs import Expected, expected_outputs, matches, printed

# expected (from the page), printed (by the kernel), doctest flags, accepted?
CASES = [
    ("42", "42\n", (), True),
    ("42", "41\n", (), False),
    ("hello world", "hello   world\n", (), True),
    ("[1,\n 2]", "[1, 2]\n", (), True),
    ("{'score': 0.98...}", "{'score': 0.987654}\n", (), True),
    ("[0, 1, ..., 9]", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n", (), True),
    ("tensor([1, 2])", "tensor([1, 3])\n", ("IGNORE_RESULT",), True),
    ("anything", "something else\n", ("SKIP",), True),
    ("", "", (), True),
    ("a\n\nb", "a\n\nb\n", (), True),
    ("a\n<BLANKLINE>\nb", "a\n\nb\n", (), True),
    ("a\n<BLANKLINE>\nb", "a\n\nb\n", ("DONT_ACCEPT_BLANKLINE",), False),
]


@pytest.mark.parametrize(("want", "got", "flags", "accepted"), CASES)
def test_matches(want: str, got: str, flags: tuple[str, ...], accepted: bool) -> None:
    assert matches(Expected(want, flags), got) is accepted


def _cell(source: str, outputs: list[dict[str, object]], flags: list[str] | None = None) -> object:
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.from_dict(out) for out in outputs]
    if flags:
        cell.metadata["notebook_gen"] = {"line": 3, "doctest": flags}
    return cell


def test_expected_outputs_are_the_execute_results_of_the_unexecuted_notebook() -> None:
    result = {
        "output_type": "execute_result",
        "execution_count": None,
        "metadata": {},
        "data": {"text/plain": ["[1,\n", " 2]"]},
    }
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("text"),
            _cell("x", [result], ["ELLIPSIS"]),
            _cell("y", []),
        ]
    )
    assert expected_outputs(notebook) == {1: Expected("[1,\n 2]", ("ELLIPSIS",))}


def test_printed_is_stdout_then_the_displayed_value() -> None:
    cell = _cell(
        "print('a'); 1",
        [
            {"output_type": "stream", "name": "stdout", "text": "a\n"},
            {"output_type": "stream", "name": "stderr", "text": "warning\n"},
            {
                "output_type": "execute_result",
                "execution_count": 1,
                "metadata": {},
                "data": {"text/plain": "1"},
            },
        ],
    )
    assert printed(cell) == "a\n1\n"
