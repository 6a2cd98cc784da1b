"""The converter's behaviour, construct by construct, stated as small examples."""

from __future__ import annotations

import pytest

from notebook_gen import PageError, convert_page
from notebook_gen.convert.metadata import KEY, TAG_INSTALL, TAG_RAISES, TAG_SKIP


def cells(text: str, variant: str = "mixed") -> list[dict]:
    return convert_page(text, "en/page.md").notebooks[variant]["cells"]


def sources(text: str, kind: str, variant: str = "mixed") -> list[str]:
    return ["".join(c["source"]) for c in cells(text, variant) if c["cell_type"] == kind]


def test_each_heading_starts_a_markdown_cell() -> None:
    text = "# A\n\none\n\n## B\n\ntwo\n"
    assert sources(text, "markdown") == ["# A\n\none", "## B\n\ntwo"]


def test_setext_heading_starts_a_markdown_cell_too() -> None:
    text = "intro\n\nSetup\n-----\n\ntext\n"
    assert sources(text, "markdown") == ["intro", "Setup\n-----\n\ntext"]


def test_heading_anchor_becomes_an_html_anchor() -> None:
    assert sources("## Setup[[setup]]\n", "markdown") == ['<a id="setup"></a>\n## Setup']


def test_cells_record_the_page_line_they_came_from() -> None:
    text = "# T\n\ntext\n\n```py\nx = 1\n```\n"
    lines = [c["metadata"][KEY]["line"] for c in cells(text)]
    assert lines == [1, 6]


def test_doctest_output_is_the_cells_expected_output() -> None:
    (cell,) = [c for c in cells("```py\n>>> 1 + 1\n2\n```\n") if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == "1 + 1"
    assert cell["outputs"][0]["output_type"] == "execute_result"
    assert "".join(cell["outputs"][0]["data"]["text/plain"]) == "2"


def test_each_output_closes_a_cell() -> None:
    text = "```py\n>>> a = 1\n>>> a\n1\n>>> b = 2\n>>> b\n2\n```\n"
    assert sources(text, "code") == ["a = 1\na", "b = 2\nb"]


def test_ellipsis_output_lines_are_output_not_continuations() -> None:
    text = "```py\n>>> print('x')\nx\n...\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert "".join(cell["outputs"][0]["data"]["text/plain"]) == "x\n..."


def test_blankline_marker_becomes_an_empty_output_line() -> None:
    text = "```py\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert "".join(cell["outputs"][0]["data"]["text/plain"]) == "a\n\nb"


def test_tags_shown_inside_a_fence_are_not_warned_about() -> None:
    text = "# Guide\n\n```md\n<Tip>\ntext\n</Tip>\n```\n"
    assert convert_page(text).warnings == []


def test_traceback_sample_is_tagged_raises_exception() -> None:
    text = "```py\n>>> 1/0\nTraceback (most recent call last):\nZeroDivisionError\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert TAG_RAISES in cell["metadata"]["tags"]


def test_doctest_directive_comment_leaves_the_code() -> None:
    text = "```py\n>>> run()  # doctest: +SKIP\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == "run()"
    assert cell["metadata"][KEY]["doctest"] == ["SKIP"]


def test_pip_install_blocks_become_shell_escapes() -> None:
    (cell,) = [c for c in cells("```bash\npip install a b\n```\n") if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == "!pip install a b"
    assert cell["metadata"]["tags"] == [TAG_INSTALL]


def test_other_shell_blocks_stay_prose() -> None:
    assert sources("```bash\nls -la\n```\n", "code") == []


def test_login_cells_are_tagged_skip_execution() -> None:
    (cell,) = [c for c in cells("```py\nnotebook_login()\n```\n") if c["cell_type"] == "code"]
    assert TAG_SKIP in cell["metadata"]["tags"]


def test_framework_variants_hold_only_their_blocks() -> None:
    text = ("<frameworkcontent>\n<pt>\n\n```py\npt = 1\n```\n</pt>\n<tf>\n\n```py\ntf = 1\n```\n"
            "</tf>\n</frameworkcontent>\n")
    result = convert_page(text)
    assert sorted(result.notebooks) == ["mixed", "pytorch", "tensorflow"]
    assert sources(text, "code", "pytorch") == ["pt = 1"]
    assert sources(text, "code", "tensorflow") == ["tf = 1"]
    assert sources(text, "code", "mixed") == ["pt = 1", "tf = 1"]
    assert sources(text, "markdown", "mixed") == ["**PyTorch**", "**TensorFlow**"]


def test_page_without_framework_blocks_has_only_the_mixed_notebook() -> None:
    assert sorted(convert_page("# T\n").notebooks) == ["mixed"]


def test_jax_and_flax_blocks_make_a_jax_notebook() -> None:
    text = "<frameworkcontent>\n<flax>\n\n```py\nf = 1\n```\n</flax>\n</frameworkcontent>\n"
    assert sorted(convert_page(text).notebooks) == ["jax", "mixed"]


def test_framework_named_hfoption_behaves_like_a_framework_block() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="PyTorch">\n\n```py\np = 1\n```\n\n</hfoption>\n'
            "</hfoptions>\n")
    assert sorted(convert_page(text).notebooks) == ["mixed", "pytorch"]


def test_other_hfoptions_stay_in_every_notebook_under_a_label() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="single GPU">\n\nUse one.\n\n</hfoption>\n'
            "</hfoptions>\n")
    assert sources(text, "markdown") == ["**single GPU**\n\nUse one."]


def test_unclosed_tag_is_an_error_with_its_line() -> None:
    with pytest.raises(PageError) as error:
        convert_page("# T\n\n<Tip>\n\ntext\n", "en/t.md")
    assert str(error.value) == "en/t.md:3: <tip> is never closed"


def test_closing_tag_without_opening_is_an_error_with_its_line() -> None:
    with pytest.raises(PageError) as error:
        convert_page("text\n\n</pt>\n", "en/t.md")
    assert error.value.line == 3
    assert "closes no open <pt>" in error.value.message


def test_inner_tag_left_open_is_closed_by_its_parent_with_a_warning() -> None:
    text = "<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n</frameworkcontent>\n"
    result = convert_page(text, "en/t.md")
    assert [w.line for w in result.warnings] == [2]
    assert sorted(result.notebooks) == ["mixed", "pytorch"]


def test_fence_running_over_a_tag_is_named_in_the_error() -> None:
    text = "<Tip>\n\n```py\nx = 1\n```\n```\n\n</Tip>\n\nmore\n"
    with pytest.raises(PageError) as error:
        convert_page(text, "en/t.md")
    assert "fence opened at line 6 runs over the tag at line 8" in str(error.value)


def test_front_matter_is_removed_and_names_the_notebook() -> None:
    result = convert_page("---\ntitle: My page\n---\n\n# Heading\n")
    assert result.title == "My page"
    assert sources("---\ntitle: My page\n---\n\n# Heading\n", "markdown") == ["# Heading"]


def test_crlf_and_bom_read_like_plain_lines() -> None:
    plain = convert_page("# T\n\n```py\nx = 1\n```\n").notebooks
    windows = convert_page("\ufeff# T\r\n\r\n```py\r\nx = 1\r\n```\r\n").notebooks
    assert [c["source"] for c in plain["mixed"]["cells"]] == [
        c["source"] for c in windows["mixed"]["cells"]
    ]


def test_notebook_metadata_has_kernel_colab_and_provenance() -> None:
    notebook = convert_page("# T\n", "en/page.md").notebooks["mixed"]
    meta = notebook["metadata"]
    assert meta["kernelspec"]["name"] == "python3"
    assert meta["language_info"]["name"] == "python"
    assert "colab" in meta
    assert meta[KEY]["source"] == "en/page.md"
    assert meta[KEY]["variant"] == "mixed"
    assert len(meta[KEY]["source_sha256"]) == 64


def test_cell_ids_are_unique_and_stable_under_edits_elsewhere() -> None:
    before = convert_page("# T\n\n```py\na = 1\n```\n").notebooks["mixed"]["cells"]
    after = convert_page("# T\n\nnew text\n\n```py\na = 1\n```\n").notebooks["mixed"]["cells"]
    assert len({c["id"] for c in after}) == len(after)
    assert before[-1]["id"] == after[-1]["id"]
