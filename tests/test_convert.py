"""The converter's behaviour, construct by construct, stated as small examples."""

from __future__ import annotations

import pytest

from notebook_gen import convert_page
from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.convert.metadata import KEY, TAG_INSTALL, TAG_RAISES, TAG_SKIP
from notebook_gen.convert.page import ConvertOptions
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.urls import LinkContext
from tests.test_links_support import DOCS, PACKAGE


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


def output_text(cell: dict) -> str:
    (output,) = cell["outputs"]
    return "".join(output["text"] if output["output_type"] == "stream"
                   else output["data"]["text/plain"])


def test_ellipsis_output_lines_are_output_not_continuations() -> None:
    text = "```py\n>>> print('x')\nx\n...\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert output_text(cell) == "x\n..."


def test_blankline_marker_becomes_an_empty_output_line() -> None:
    text = "```py\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert output_text(cell) == "a\n\nb"


def test_what_print_shows_is_a_stdout_stream_and_a_value_an_execute_result() -> None:
    text = "```py\n>>> print(1 + 1)\n2\n>>> 1 + 1\n2\n>>> for i in 'ab':\n...     i\na\n```\n"
    printed, value, loop = [c for c in cells(text) if c["cell_type"] == "code"]
    assert printed["outputs"] == [{"output_type": "stream", "name": "stdout", "text": ["2"]}]
    assert value["outputs"][0]["output_type"] == "execute_result"
    assert loop["outputs"][0]["output_type"] == "stream"


def test_an_expected_output_ends_at_a_blank_line_and_code_after_it_is_the_next_cell() -> None:
    text = "```py\n>>> x = 2\n>>> x\n2\n\n# double it\ny = x * 2\n>>> y\n4\n```\n"
    code = [c for c in cells(text) if c["cell_type"] == "code"]
    assert ["".join(c["source"]) for c in code] == ["x = 2\nx", "# double it\ny = x * 2\ny"]
    assert [output_text(c) for c in code] == ["2", "4"]
    assert [c["metadata"][KEY]["line"] for c in code] == [2, 6]


def test_plain_code_after_a_prompt_and_a_blank_line_is_code_not_output() -> None:
    text = "```py\n>>> import os\n\nroot = os.sep\n```\n"
    assert sources(text, "code") == ["import os", "root = os.sep"]
    assert all(not c.get("outputs") for c in cells(text) if c["cell_type"] == "code")


def test_printed_text_after_a_blank_line_stays_output_when_it_is_not_python() -> None:
    text = "```py\n>>> print(poem)\nRoses are red.\n\nViolets are blue.\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert output_text(cell) == "Roses are red.\n\nViolets are blue."


def test_tags_shown_inside_a_fence_are_not_warned_about() -> None:
    text = "# Guide\n\n```md\n<Tip>\ntext\n</Tip>\n```\n"
    assert convert_page(text).warnings == []


def test_traceback_sample_is_tagged_raises_exception() -> None:
    text = "```py\n>>> 1/0\nTraceback (most recent call last):\nZeroDivisionError\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert TAG_RAISES in cell["metadata"]["tags"]


def test_a_markdown_cell_holding_only_html_comments_is_dropped() -> None:
    text = ("# Page\n\n```py\nx = 1\n```\n\n<!-- TODO: a figure here -->\n\n"
            "<!--\nTODO: more\n-->\n\n## Next\n\nWords.\n")
    assert sources(text, "markdown") == ["# Page", "## Next\n\nWords."]


def test_a_comment_beside_prose_stays_in_its_cell() -> None:
    text = "# Page\n\nWords.\n\n<!-- a note to translators -->\n\nMore words.\n"
    assert sources(text, "markdown") == [text.strip()]


@pytest.mark.parametrize("header", [
    "<!--版权所有 2031 示例团队。保留所有权利。-->",
    "<!--Urheberrecht 2031 Beispielteam.\n\n⚠️ Erzeugte Datei, nicht bearbeiten.\n-->",
    "<!-- このファイルは自動生成されます。編集しないでください。 -->\n<!-- 二つ目の注記 -->",
])
def test_a_comment_heading_the_page_is_a_note_in_any_language(header: str) -> None:
    page = f"---\ntitle: T\n---\n{header}\nFirst words.\n\n# Title\n\nText.\n"
    markdown = sources(page, "markdown")
    assert markdown == ["First words.", "# Title\n\nText."]


def test_a_backtick_left_open_in_a_list_item_hides_no_math_after_it() -> None:
    text = "# Page\n\n- set `x to 1\n- then \\\\( y \\\\)\n\nSo \\\\( z \\\\) holds for `w`.\n"
    assert sources(text, "markdown") == [
        "# Page\n\n- set `x to 1\n- then $y$\n\nSo $z$ holds for `w`."]


def test_doctest_directive_comment_leaves_the_code() -> None:
    text = "```py\n>>> run()  # doctest: +SKIP\n```\n"
    (cell,) = [c for c in cells(text) if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == "run()"
    assert cell["metadata"][KEY]["doctest"] == ["SKIP"]


def test_pip_install_blocks_become_shell_escapes() -> None:
    (cell,) = [c for c in cells("```bash\npip install a b\n```\n") if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == "!pip install a b"
    assert cell["metadata"]["tags"] == [TAG_INSTALL]


@pytest.mark.parametrize("command, why", [
    ('pip install -e ".[dev]"', "an editable install of a local checkout"),
    ("pip install --editable .", "an editable install of a local checkout"),
    ("$ pip install .", "a local path"),
    ("pip install ./dist/mylib-1.0-py3-none-any.whl", "a local path"),
    ("pip install -r requirements.txt", "a requirements file of a local checkout"),
    ("pip install git+https://github.com/org/lib@my-feature-branch", "a placeholder"),
    ('pip install "git+https://github.com/org/lib.git@<branch>#egg=lib"', "a placeholder"),
    ("pip install git+https://github.com/<your-username>/lib", "a placeholder"),
    ("python -m pip install git+https://github.com/org/lib@your_branch", "a placeholder"),
])
def test_installs_for_a_developers_machine_stay_visible_as_markdown(command: str,
                                                                    why: str) -> None:
    page = f"# Setup\n\n```bash\npip install torch\n{command}\n```\n"
    result = convert_page(page, "en/page.md")
    notebook = result.notebooks["mixed"]["cells"]
    assert [c for c in notebook if c["cell_type"] == "code"] == []
    assert f"```bash\npip install torch\n{command}\n```" in "".join(notebook[-1]["source"])
    (warning,) = result.warnings
    assert (warning.path, warning.line, warning.kind) == ("en/page.md", 5, "local-install")
    assert why in warning.message and "not an install cell" in warning.message


@pytest.mark.parametrize("command", [
    "pip install git+https://github.com/org/lib",
    "pip install git+https://github.com/org/lib@main",
    "pip install git+https://github.com/org/lib.git@v4.49.0-Gemma-3",
    "pip install git+https://github.com/org/lib@1a2b3c4d",
    "pip install git+https://github.com/org/lib@fix-attention-mask",
    "pip install git+ssh://git@github.com/org/lib.git",
    "pip install -e git+https://github.com/org/lib#egg=lib",
    "pip install -r https://example.org/requirements.txt",
    "pip install -U 'lib[torch]>=1.0' --index-url https://download.pytorch.org/whl/cu118",
])
def test_installs_that_run_in_colab_become_install_cells(command: str) -> None:
    result = convert_page(f"```bash\n{command}\n```\n", "en/page.md")
    (cell,) = [c for c in result.notebooks["mixed"]["cells"] if c["cell_type"] == "code"]
    assert cell["metadata"]["tags"] == [TAG_INSTALL]
    assert result.warnings == []


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


def test_every_page_gets_the_pytorch_and_tensorflow_notebooks_the_site_menu_links() -> None:
    notebooks = convert_page("# T\n\n```py\nx = 1\n```\n").notebooks
    assert sorted(notebooks) == ["mixed", "pytorch", "tensorflow"]
    assert sources("# T\n\n```py\nx = 1\n```\n", "code", "tensorflow") == ["x = 1"]
    assert notebooks["pytorch"]["metadata"][KEY]["variant"] == "pytorch"


def test_variants_present_writes_only_the_frameworks_a_page_has() -> None:
    options = ConvertOptions(variants="present")
    assert sorted(convert_page("# T\n", options=options).notebooks) == ["mixed"]


def test_jax_and_flax_blocks_make_a_jax_notebook() -> None:
    text = "<frameworkcontent>\n<flax>\n\n```py\nf = 1\n```\n</flax>\n</frameworkcontent>\n"
    assert sorted(convert_page(text).notebooks) == ["jax", "mixed", "pytorch", "tensorflow"]
    assert sources(text, "code", "pytorch") == []


def test_framework_named_hfoption_behaves_like_a_framework_block() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="PyTorch">\n\n```py\np = 1\n```\n\n</hfoption>\n'
            '<hfoption id="TensorFlow">\n\n```py\nt = 1\n```\n\n</hfoption>\n</hfoptions>\n')
    assert sources(text, "code", "pytorch") == ["p = 1"]
    assert sources(text, "code", "tensorflow") == ["t = 1"]


def test_hfoptions_that_are_not_all_frameworks_are_kept_in_every_notebook() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="PyTorch">\n\n```py\np = 1\n```\n\n</hfoption>\n'
            '<hfoption id="Accelerate">\n\n```py\na = 1\n```\n\n</hfoption>\n</hfoptions>\n')
    for variant in ("mixed", "pytorch", "tensorflow"):
        assert sources(text, "code", variant) == ["p = 1", "a = 1"]
        assert sources(text, "markdown", variant) == ["**PyTorch**", "**Accelerate**"]


def test_other_hfoptions_stay_in_every_notebook_under_a_label() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="single GPU">\n\nUse one.\n\n</hfoption>\n'
            "</hfoptions>\n")
    assert sources(text, "markdown") == ["**single GPU**\n\nUse one."]


def test_unclosed_tag_is_closed_at_the_end_of_the_page_with_a_warning_at_its_line() -> None:
    result = convert_page("# T\n\n<Tip>\n\ntext\n", "en/t.md")
    assert [str(w) for w in result.warnings] == [
        "en/t.md:3: <tip> is never closed; closed at the end of the page [structure]"]
    assert sources("# T\n\n<Tip>\n\ntext\n", "markdown") == ["# T\n\n> **Tip**\n>\n> text"]


def test_closing_tag_without_opening_is_ignored_with_a_warning_at_its_line() -> None:
    result = convert_page("text\n\n</pt>\n", "en/t.md")
    assert [(w.line, w.kind) for w in result.warnings] == [(3, "structure")]
    assert "closes no open <pt>; ignored" in result.warnings[0].message


def test_inner_tag_left_open_is_closed_by_its_parent_with_a_warning() -> None:
    text = "<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n</frameworkcontent>\n"
    result = convert_page(text, "en/t.md")
    assert [w.line for w in result.warnings] == [2]
    assert sources(text, "code", "pytorch") == ["x = 1"]
    assert sources(text, "code", "tensorflow") == []


def test_fence_running_over_a_tag_is_named_in_the_warning() -> None:
    text = "<Tip>\n\n```py\nx = 1\n```\n```\n\n</Tip>\n\nmore\n"
    (warning,) = convert_page(text, "en/t.md").warnings
    assert warning.line == 1
    assert ("its </tip> at line 8 is not read as a tag: inside the fence opened at line 6"
            in warning.message)


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


def test_autodoc_directive_becomes_a_link_to_the_objects_documentation() -> None:
    options = ConvertOptions(
        links=LinkResolver(Inventory.from_tree(tree_pages(DOCS)), package=PACKAGE),
        link_context=LinkContext(package=PACKAGE, lang="en", page="model_doc/toy"))
    text = (DOCS / "en" / "model_doc" / "toy.md").read_text(encoding="utf-8")
    notebook = convert_page(text, "en/model_doc/toy.md", options).notebooks["mixed"]
    markdown = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
    assert "[[autodoc]]" not in markdown
    assert "- forward" not in markdown and "- call" not in markdown
    url = "https://huggingface.co/docs/toylib/main/en/model_doc/toy"
    assert f"[ToyConfig]({url}#toylib.ToyConfig)" in markdown
    assert f"[ToyOutput]({url}#toylib.models.toy.modeling_toy.ToyOutput)" in markdown


def test_autodoc_directives_without_a_space_or_several_on_a_line_become_links() -> None:
    text = ("# Toy\n\n[[autodoc]]ToyConfig\n\n[[autodoc]] ToyModel [[autodoc]]TFToyModel\n"
            "    - forward\n")
    markdown = linked_markdown(text, page="model_doc/toy")
    url = "https://huggingface.co/docs/toylib/main/en/model_doc/toy"
    assert "[[autodoc]]" not in markdown and "forward" not in markdown
    assert f"[ToyConfig]({url}#toylib.ToyConfig)" in markdown
    assert f"[ToyModel]({url}#toylib.ToyModel) [TFToyModel]({url}#toylib.TFToyModel)" in markdown


@pytest.mark.parametrize("fence, is_output", [
    ("beagle_32.jpg", True),                              # a name no sample defines
    ("tensor([0.5], grad_fn=<AddBackward0>)", True),      # not Python: a printed repr
    ("{'rows': 2,\n 'columns': <Columns>}", True),
    ("image_name", False),                                # defined above: shows its value
    ("print(image_name)", False),                         # a builtin: code
    ("image_name.upper()", False),                        # a method call does something
    ("total = 1 +", False),                               # code with a mistake stays code
    ("!pip install pillow", False),                       # a shell escape
])
def test_a_python_fence_right_after_a_sample_is_its_output_only_when_it_is_one(
        fence: str, is_output: bool) -> None:
    text = f'```py\nimage_name = "beagle_32.jpg"\n```\n\n```py\n{fence}\n```\n'
    code = [c for c in cells(text) if c["cell_type"] == "code"]
    assert len(code) == (1 if is_output else 2)
    if is_output:
        assert output_text(code[0]) == fence


def linked_markdown(text: str, page: str = "index") -> str:
    """The markdown of a page converted with links resolved (against the test tree)."""
    options = ConvertOptions(
        links=LinkResolver(Inventory.from_tree(tree_pages(DOCS)), package=PACKAGE),
        link_context=LinkContext(package=PACKAGE, lang="en", page=page))
    notebook = convert_page(text, f"en/{page}.md", options).notebooks["mixed"]
    return "\n".join("".join(c["source"]) for c in notebook["cells"]
                     if c["cell_type"] == "markdown")


@pytest.mark.parametrize("html", [
    '<div>\n<a href="./quicktour">Quick</a>\n</div>',
    '<div class="flex">\n  <img src="../assets/logo.png"/>\n'
    "  <a href='quicktour#start'>go</a>\n</div>",
    "<p>Read the <a href=\"quicktour\">tour</a> first.</p>",
    'Read the <a href="./quicktour">tour</a> first.',  # inline HTML in a paragraph
])
def test_relative_links_in_html_are_rewritten_like_markdown_links(html: str) -> None:
    markdown = linked_markdown(f"# Home\n\n{html}\n")
    base = f"https://huggingface.co/docs/{PACKAGE}/main/en"
    assert f"{base}/quicktour" in markdown
    assert "./quicktour" not in markdown and '"quicktour' not in markdown
    if "logo.png" in html:
        assert f"{base}/assets/logo.png" in markdown


def test_html_blocks_keep_everything_but_their_link_attributes() -> None:
    html = ('<div>\n<a href="https://x.org/a">x</a> [`Trainer`] [tour](./quicktour) '
            "\\\\( a \\\\)\n</div>")
    assert linked_markdown(f"# Home\n\n{html}\n").endswith(html)
