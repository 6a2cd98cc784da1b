"""``_config.py`` read statically: notebook_first_cells, else INSTALL_CONTENT; only what
those need is evaluated, every value is bounded, long ``+`` chains need no deep stack."""

from __future__ import annotations

import tracemalloc

import pytest

from notebook_gen.builder.inputs.config import (
    DEFAULT_ORIGIN,
    MAX_SIZE,
    default_install_cells,
    git_package,
    parse_config,
)
from notebook_gen.errors import PageError

CELLS = 'notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]\n'


def test_notebook_first_cells_are_the_install_cells() -> None:
    config = parse_config('INSTALL_CONTENT = "! pip install a"\n' + CELLS, "en/_config.py")
    assert [c.source for c in config.first_cells] == ["! pip install a"]
    assert (config.source, config.first_cells[0].tags) == ("notebook_first_cells", ("install",))


def test_install_content_alone_is_the_install_cell() -> None:
    config = parse_config('# a library config\nINSTALL_CONTENT = """\n! pip install lib\n"""\n'
                          "black_avoid_patterns = {}\n", "_config.py")
    assert [(c.kind, c.source, c.origin) for c in config.first_cells] == \
        [("code", "! pip install lib", "_config.py")]
    assert config.source == "INSTALL_CONTENT"


def test_neither_name_leaves_the_cells_to_the_build() -> None:
    config = parse_config("black_avoid_patterns = {}\n", "_config.py")
    assert (config.first_cells, config.source) == ((), None)
    (cell,) = default_install_cells("peft")
    assert (cell.source, cell.tags, cell.origin) == ("!pip install peft", ("install",),
                                                     DEFAULT_ORIGIN)


def test_install_content_must_be_a_string() -> None:
    with pytest.raises(PageError, match=r"_config.py:1: INSTALL_CONTENT must be a string"):
        parse_config("INSTALL_CONTENT = ['! pip install a']\n", "_config.py")


def test_augmented_assignment_adds_to_the_value() -> None:
    text = 'INSTALL_CONTENT = "! pip install a"\nINSTALL_CONTENT += " b"\n' + CELLS
    assert parse_config(text, "_config.py").first_cells[0].source == "! pip install a b"


def test_names_the_cells_do_not_need_are_never_evaluated() -> None:
    config = parse_config('X = os.environ["A"]\nY = X + X\nINSTALL_CONTENT = "! pip install a"\n'
                          + CELLS, "_config.py")
    assert config.first_cells[0].source == "! pip install a"


def _doubling(name: str, times: int = 40) -> str:
    return f'{name} = "ab"\n' + f"{name} = {name} + {name}\n" * times


def test_a_string_doubled_40_times_that_no_cell_needs_costs_nothing() -> None:
    tracemalloc.start()
    try:
        config = parse_config(_doubling("BOMB") + 'INSTALL_CONTENT = "! pip install a"\n'
                              + CELLS, "_config.py")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert config.first_cells[0].source == "! pip install a"
    assert peak < 5_000_000


def test_a_string_doubled_40_times_that_a_cell_needs_stops_at_the_bound() -> None:
    text = _doubling("INSTALL_CONTENT") + CELLS
    tracemalloc.start()
    try:
        with pytest.raises(PageError) as caught:
            parse_config(text, "ko/_config.py")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    line = 1 + 19  # line 1 is "ab"; doubled 19 times it is 1,048,576 characters: too many
    assert str(caught.value) == (
        f"ko/_config.py:{line}: notebook_first_cells cannot be read statically: builds a value "
        f"larger than {MAX_SIZE:,} characters; a config value is a few cells of text")
    assert peak < 10 * MAX_SIZE


def test_nested_lists_doubled_are_bounded_too() -> None:
    text = ("L = ['x']\n" + "L = [L, L]\n" * 40
            + 'notebook_first_cells = [{"content": "a", "x": L}]\n')
    with pytest.raises(PageError, match="larger than 1,000,000 characters"):
        parse_config(text, "_config.py")


def test_a_1500_term_sum_is_evaluated_without_recursion() -> None:
    text = "INSTALL_CONTENT = " + " + ".join(['"a"'] * 1500) + "\n"
    assert parse_config(text, "_config.py").first_cells[0].source == "a" * 1500


def test_a_sum_too_long_to_parse_is_a_clear_error() -> None:
    text = "INSTALL_CONTENT = " + " + ".join(['"a"'] * 100_000) + "\n"
    with pytest.raises(PageError, match=r"^_config.py: an expression nested too deeply"):
        parse_config(text, "_config.py")


def test_a_huge_config_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(PageError, match="too large for a config"):
        parse_config("X = 1\n" * MAX_SIZE, "_config.py")


def test_a_failing_name_is_reported_where_it_fails() -> None:
    text = 'PART = open("x").read()\nINSTALL_CONTENT = "! pip " + PART\n' + CELLS
    with pytest.raises(PageError, match=r"_config.py:1: notebook_first_cells cannot be read "
                       r"statically: a Call expression"):
        parse_config(text, "_config.py")


@pytest.mark.parametrize("text, name", [
    ("# ! pip install git+https://github.com/huggingface/transformers.git", "transformers"),
    ("!pip install git+https://github.com/org/peft@main#egg=peft", "peft"),
    ("!pip install 'git+https://gitlab.com/group/sub/my-lib.git/'", "my-lib"),
    ("!pip install transformers", None),
])
def test_git_urls_name_their_repository(text: str, name: str | None) -> None:
    assert git_package(text) == name
