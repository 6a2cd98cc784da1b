"""A catalogue of malformed inputs, one test each; the test name says what happens.

Pages are converted with :func:`convert_page`; whole trees (configs, toctrees, binary
files, links) with the ``build`` command in ``tmp_path``. Every failure names its file and,
where there is one, its line; the other pages still convert; the exit status says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from notebook_gen.cli import main
from notebook_gen.convert.dialect.structure import MAX_DEPTH
from notebook_gen.convert.notebook import NotebookDict, dumps
from notebook_gen.convert.page import OUTPUT_FACTOR, OUTPUT_SLACK, convert_page
from notebook_gen.errors import PageError

GOOD = "# Good page\n\n[[open-in-colab]]\n\n```py\ngood = 1\n```\n"


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def cells(notebook: NotebookDict, kind: str | None = None) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if kind in (None, c["cell_type"])]


def valid(notebook: NotebookDict) -> NotebookDict:
    nbformat.validate(nbformat.reads(dumps(notebook), as_version=4))
    return notebook


def page_error(text: str) -> PageError:
    with pytest.raises(PageError) as caught:
        convert_page(text, "en/page.md")
    assert caught.value.path == "en/page.md"
    return caught.value


def warnings(text: str) -> list[str]:
    return [str(w) for w in convert_page(text, "en/page.md").warnings]


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes],
        *args: str) -> tuple[int, str, Path]:
    """Build ``docs/source`` holding ``files`` (added to what is there); returns the exit
    status, what was printed, and the output folder."""
    source, out = tmp_path / "docs" / "source", tmp_path / "out"
    source.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    status = main(["build", str(source), "-o", str(out), "--jobs", "1", *args])
    captured = capsys.readouterr()
    return status, captured.err + captured.out, out


# --- pages: empty, marker only, fences ------------------------------------------------------

def test_empty_page_converts_to_a_valid_notebook_without_cells() -> None:
    result = convert_page("", "en/empty.md")
    assert list(result.notebooks) == ["mixed", "pytorch", "tensorflow"]
    assert all(valid(notebook)["cells"] == [] for notebook in result.notebooks.values())
    assert result.title is None and result.warnings == []


def test_page_of_only_the_marker_converts_to_an_empty_notebook() -> None:
    result = convert_page("[[open-in-colab]]\n", "en/marker.md")
    assert valid(result.notebooks["mixed"])["cells"] == []


def test_empty_page_in_a_build_is_unselected_and_with_all_is_an_empty_notebook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, out = run(tmp_path, capsys, {"en/empty.md": "", "en/good.md": GOOD})
    assert status == 0
    assert not (out / "en" / "empty.ipynb").exists()
    status, _, out = run(tmp_path, capsys, {}, "--all")
    assert status == 0
    # Nothing but the default install cell: no _config.py in this tree.
    assert json_cells(out / "en" / "empty.ipynb") == [f"!pip install {tmp_path.name}"]


def json_cells(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return ["".join(cell.source) for cell in notebook.cells]


def test_unclosed_fence_runs_to_end_of_page_and_keeps_its_code() -> None:
    result = convert_page("# T\n\n```py\nx = 1\n\nSome prose?\n", "en/page.md")
    assert cells(result.notebooks["mixed"], "code") == ["x = 1\n\nSome prose?"]


def test_unclosed_fence_running_over_a_closing_tag_warns_naming_fence_and_tag() -> None:
    text = "<Tip>\n\n```py\nx = 1\n\n</Tip>\n\nMore prose.\n"
    assert warnings(text) == [
        "en/page.md:1: <tip> is never closed; closed at the end of the page (its </tip> at "
        "line 6 is not read as a tag: inside the fence opened at line 3) [structure]"]
    assert cells(convert_page(text, "en/page.md").notebooks["mixed"], "code") == [
        "x = 1\n\n</Tip>\n\nMore prose."]


def test_unclosed_doctest_fence_keeps_every_prompt_line() -> None:
    result = convert_page("```py\n>>> a = 1\n>>> a\n1\n>>> b = 2\n", "en/page.md")
    assert cells(result.notebooks["mixed"], "code") == ["a = 1\na", "b = 2"]


# --- tags that do not nest ------------------------------------------------------------------

def test_unclosed_frameworkcontent_is_closed_at_the_end_with_a_warning_at_its_line() -> None:
    text = "Intro.\n\n<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n\n</pt>\n\nAfter.\n"
    assert warnings(text) == ["en/page.md:3: <frameworkcontent> is never closed; closed at the "
                              "end of the page [structure]"]
    result = convert_page(text, "en/page.md")
    assert cells(valid(result.notebooks["pytorch"])) == ["Intro.", "x = 1", "After."]


def test_unclosed_pt_is_closed_by_frameworkcontent_with_a_warning() -> None:
    text = "<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n\n</frameworkcontent>\n"
    result = convert_page(text, "en/page.md")
    assert [str(w) for w in result.warnings] == [
        "en/page.md:2: <pt> is never closed; closed by </frameworkcontent> at line 8 [structure]"]
    assert cells(valid(result.notebooks["pytorch"]), "code") == ["x = 1"]


def test_stray_tf_closer_inside_pt_is_ignored_with_a_warning_at_the_stray_close() -> None:
    text = "<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n\n</tf>\n</frameworkcontent>\n"
    assert warnings(text) == [
        "en/page.md:8: </tf> closes no open <tf> (innermost open tag: <pt>); ignored [structure]",
        "en/page.md:2: <pt> is never closed; closed by </frameworkcontent> at line 9 "
        "[structure]"]
    assert cells(convert_page(text, "en/page.md").notebooks["pytorch"], "code") == ["x = 1"]


def test_stray_closer_after_an_opener_hidden_in_a_fence_names_the_openers_line() -> None:
    text = ("<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n```\n\n</pt>\n<tf>\n\n```py\n"
            "y = 2\n```\n\n</tf>\n</frameworkcontent>\n")
    assert warnings(text)[0] == (
        "en/page.md:10: <tf> is not read as a tag (inside the fence opened at line 7), so "
        "</tf> at line 16 closes nothing; ignored [structure]")
    result = convert_page(text, "en/page.md")
    assert "y = 2" in "".join(cells(valid(result.notebooks["mixed"])))


def test_tf_opened_while_pt_is_open_closes_pt_with_a_warning() -> None:
    text = ("<frameworkcontent>\n<pt>\n\n```py\nx = 1\n```\n\n<tf>\n\n```py\ny = 2\n```\n\n"
            "</tf>\n</frameworkcontent>\n")
    result = convert_page(text, "en/page.md")
    assert [str(w) for w in result.warnings] == [
        "en/page.md:2: <pt> is never closed; closed by <tf> at line 8 [structure]"]
    assert cells(result.notebooks["pytorch"], "code") == ["x = 1"]
    assert cells(result.notebooks["tensorflow"], "code") == ["y = 2"]


def test_unclosed_hfoption_is_closed_by_hfoptions_with_a_warning() -> None:
    text = ('<hfoptions id="x">\n<hfoption id="pipeline">\n\n```py\nx = 1\n```\n\n'
            "</hfoptions>\n")
    result = convert_page(text, "en/page.md")
    assert [str(w) for w in result.warnings] == [
        "en/page.md:2: <hfoption> is never closed; closed by </hfoptions> at line 8 "
        "[structure]"]
    assert cells(result.notebooks["mixed"], "code") == ["x = 1"]


def test_unclosed_hfoptions_is_closed_at_the_end_with_a_warning_at_its_line() -> None:
    assert warnings('<hfoptions id="x">\n<hfoption id="a">\nText.\n</hfoption>\n') == [
        "en/page.md:1: <hfoptions> is never closed; closed at the end of the page [structure]"]


def test_unclosed_tip_is_closed_at_the_end_with_a_warning_at_its_line() -> None:
    text = "# T\n\n<Tip warning={true}>\n\nCareful.\n"
    assert warnings(text) == [
        "en/page.md:3: <tip> is never closed; closed at the end of the page [structure]"]
    assert cells(convert_page(text, "en/page.md").notebooks["mixed"]) == [
        "# T\n\n> **Warning**\n>\n> Careful."]


def test_stray_closing_tip_is_ignored_with_a_warning_at_its_line() -> None:
    text = "# T\n\nText.\n</Tip>\n\nMore.\n"
    assert warnings(text) == ["en/page.md:4: </tip> closes no open <tip>; ignored [structure]"]
    assert cells(convert_page(text, "en/page.md").notebooks["mixed"]) == ["# T\n\nText.\n\nMore."]


def test_tag_line_with_a_stray_backtick_is_still_the_tag_with_a_warning() -> None:
    text = ('<hfoptions id="x">`\n<hfoption id="pipeline">\n\n```py\nx = 1\n```\n\n'
            "</hfoption>\n</hfoptions>\n")
    assert warnings(text) == ["en/page.md:1: '`' after the <hfoptions> tag ignored [structure]"]
    assert cells(convert_page(text, "en/page.md").notebooks["mixed"]) == ["**pipeline**",
                                                                          "x = 1"]


def test_html_block_right_above_a_closing_tag_does_not_swallow_it() -> None:
    text = ('<Tip>\n<div class="x"><img src="a.png"/></div>\n</Tip>\n```py\nx = 1\n```\n')
    result = convert_page(text, "en/page.md")
    assert result.warnings == []
    assert cells(result.notebooks["mixed"], "code") == ["x = 1"]


def test_unknown_framework_tag_warns_and_goes_to_the_mixed_notebook_only() -> None:
    """``<mx>`` right inside ``<frameworkcontent>``: once plain HTML that swallowed the fence
    right after it (and the closing tags: 'never closed'); now a warning, and its blocks
    reach the mixed notebook under a label, and no framework's notebook."""
    text = ("<frameworkcontent>\n<mx>\n```py\nimport mxnet\n```\n</mx>\n<pt>\n```py\n"
            "import torch\n```\n</pt>\n</frameworkcontent>\n")
    result = convert_page(text, "en/page.md")
    assert [str(w) for w in result.warnings] == [
        "en/page.md:2: <mx> is not a framework this tool knows; its blocks go to the mixed "
        "notebook only [structure]"]
    assert cells(result.notebooks["mixed"]) == ["**mx**", "import mxnet", "**PyTorch**",
                                                "import torch"]
    assert sorted(result.notebooks) == ["mixed", "pytorch", "tensorflow"]
    assert cells(result.notebooks["pytorch"]) == ["import torch"]
    assert cells(result.notebooks["tensorflow"]) == []


def test_lower_case_html_tag_outside_frameworkcontent_stays_html() -> None:
    result = convert_page("<mx>\n```py\nx = 1\n```\n</mx>\n", "en/page.md")
    assert result.warnings == []
    assert cells(result.notebooks["mixed"], "markdown") == ["<mx>\n```py\nx = 1\n```\n</mx>"]


def test_framework_tag_outside_frameworkcontent_warns_and_still_selects_the_framework() -> None:
    result = convert_page("# T\n\n<tf>\n\n```py\ny = 2\n```\n\n</tf>\n", "en/page.md")
    assert [str(w) for w in result.warnings] == [
        "en/page.md:3: <tf> outside <frameworkcontent>; treated as if inside one [structure]"]
    assert cells(result.notebooks["tensorflow"], "code") == ["y = 2"]


def test_invalid_front_matter_is_a_page_error_at_its_line() -> None:
    error = page_error("---\ntitle: [unclosed\n---\n# T\n")
    assert error.line is not None and error.line >= 2
    assert "front matter is not valid YAML" in error.message


# --- encodings, line endings, size ----------------------------------------------------------

def test_invalid_utf8_is_an_error_naming_line_and_byte_offset_and_others_convert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = b"# Bad\n\n[[open-in-colab]]\n\nfine\ncaf\xe9 au lait\n"
    status, output, out = run(tmp_path, capsys, {"en/bad.md": bad, "en/good.md": GOOD})
    assert status == 1
    offset = bad.index(b"\xe9")
    assert f"error: en/bad.md:6: not valid UTF-8 (byte offset {offset}: b'\\xe9')" in output
    assert json_cells(out / "en" / "good.ipynb")[-1] == "good = 1"
    assert not (out / "en" / "bad.ipynb").exists()


def test_utf8_bom_is_dropped_and_converts_like_the_page_without_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "# Title\n\n```py\nx = 'é'\n```\n"
    plain = convert_page(text, "en/page.md").notebooks
    assert convert_page("\ufeff" + text, "en/page.md").notebooks == plain
    status, _, out = run(tmp_path, capsys, {"en/bom.md": b"\xef\xbb\xbf" + GOOD.encode()})
    assert status == 0
    assert json_cells(out / "en" / "bom.ipynb")[1] == "# Good page"  # after the install cell


def test_crlf_page_converts_exactly_like_the_lf_page() -> None:
    text = ("# T[[t]]\n\n<Tip>\n\n```py\n>>> x = 1\n>>> x\n1\n```\n\n</Tip>\n\n"
            "<frameworkcontent>\n<pt>\n\n```py\nimport torch\n```\n\n</pt>\n</frameworkcontent>\n")
    lf = convert_page(text, "en/page.md")
    crlf = convert_page(text.replace("\n", "\r\n"), "en/page.md")
    assert {k: dumps(v) for k, v in lf.notebooks.items()} == \
        {k: dumps(v) for k, v in crlf.notebooks.items()}
    assert all("\r" not in line for line in dumps(crlf.notebooks["mixed"]).splitlines())


def test_ten_megabyte_page_converts_every_sample() -> None:
    """How fast is benchmarks/bench_pagesize.py's business (no timing in tests)."""
    code = "".join(f"value_{i} = {i}  # a line of a long sample\n" for i in range(40_000))
    prose = ("A long paragraph of prose that goes on. " * 25 + "\n") * 2_000
    chunk = f"## Part[[part]]\n\n{prose}\n```py\n{code}```\n\n"
    text = "[[open-in-colab]]\n\n" + chunk * (10_000_000 // len(chunk) + 1)
    assert len(text.encode()) >= 10_000_000
    result = convert_page(text, "en/big.md")
    code_cells = cells(result.notebooks["mixed"], "code")
    assert code_cells and all(cell == code.rstrip("\n") for cell in code_cells)
    assert len(code_cells) == text.count("```py")


# --- hostile pages: bounded depth and size, a clear error, the other pages convert ----------

def test_fifty_thousand_nested_frameworkcontent_is_an_error_at_the_line_past_the_limit() -> None:
    text = "<frameworkcontent>\n" * 50_000 + "Deep.\n" + "</frameworkcontent>\n" * 50_000
    error = page_error(text)
    assert error.line == MAX_DEPTH + 1
    assert error.message.startswith(f"<frameworkcontent> is nested more than {MAX_DEPTH} tags")


def test_eight_thousand_nested_tips_give_an_error_and_no_huge_notebook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = "[[open-in-colab]]\n\n" + "".join(
        f"<Tip>\n\nLevel {n} of a tip inside a tip.\n\n" for n in range(8_000)) + "</Tip>\n" * 8_000
    status, output, out = run(tmp_path, capsys, {"en/bomb.md": bomb, "en/good.md": GOOD})
    assert status == 1
    assert f"error: en/bomb.md:{2 + 4 * MAX_DEPTH + 1}: <tip> is nested more than" in output
    assert not (out / "en" / "bomb.ipynb").exists()
    assert json_cells(out / "en" / "good.ipynb")[-1] == "good = 1"
    written = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    assert written < 100_000


def test_a_notebook_that_would_outgrow_its_page_many_times_is_an_error() -> None:
    """Under the depth limit, quotes still multiply the size: the notebook is bounded."""
    depth = MAX_DEPTH - 1
    text = "<Tip>\n" * depth + "x\n" * 40_000 + "</Tip>\n" * depth
    error = page_error(text)
    assert "notebook would hold" in error.message
    assert f"(limit {OUTPUT_FACTOR * len(text) + OUTPUT_SLACK:,})" in error.message
    assert error.line == 1  # where the markdown cell, and the nesting, start


def test_strict_turns_recovered_structure_into_errors_and_without_it_exit_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = "# Broken\n\n[[open-in-colab]]\n\n<Tip>\n\nNever closed.\n"
    status, output, out = run(tmp_path, capsys, {"en/broken.md": broken, "en/good.md": GOOD})
    assert status == 0
    assert "2 warnings in 2 files (package 1, structure 1):" in output  # package: a guess
    assert "en/broken.md:5: <tip> is never closed; closed at the end of the page" in output
    assert json_cells(out / "en" / "broken.ipynb")[-1].endswith("> **Tip**\n>\n> Never closed.")
    status, output, _ = run(tmp_path, capsys, {}, "--strict")
    assert status == 1
    assert "error: en/broken.md:5: <tip> is never closed; closed at the end of the page " \
           "[structure, strict]" in output


def test_binary_file_named_md_is_an_error_and_others_convert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    nul = b"# Looks like text\n\n[[open-in-colab]]\n\x00\x00\x00\n"
    files: dict[str, str | bytes] = {"en/image.md": png, "en/nul.md": nul, "en/good.md": GOOD}
    status, output, out = run(tmp_path, capsys, files, "--all")
    assert status == 1
    assert "error: en/image.md:1: not valid UTF-8 (byte offset 0: b'\\x89'); is it a binary " \
           "file?" in output
    assert "error: en/nul.md: holds NUL bytes: a binary file, not a page" in output
    assert "Traceback" not in output
    assert (out / "en" / "good.ipynb").is_file()


# --- _config.py -----------------------------------------------------------------------------

KO_PAGE = "# 한국어 페이지\n\n[[open-in-colab]]\n\n```py\nx = 1\n```\n"


def config_build(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str
                 ) -> tuple[int, str, Path]:
    """``ko`` has the config under test; ``en`` has a good one."""
    return run(tmp_path, capsys, {
        "en/_config.py": 'notebook_first_cells = [{"type": "code", "content": "!pip install a"}]\n',
        "en/good.md": GOOD, "ko/_config.py": config, "ko/page.md": KO_PAGE})


def test_config_with_a_syntax_error_fails_its_language_with_file_and_line_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = 'INSTALL = "x"\nnotebook_first_cells = [\n'
    status, output, out = config_build(tmp_path, capsys, config)
    assert status == 1
    assert "ko/_config.py:2: syntax error: '[' was never closed (no notebooks for language " \
           "'ko')" in output
    assert not (out / "ko").exists()
    assert json_cells(out / "en" / "good.ipynb")[0] == "!pip install a"


def test_config_without_install_cells_says_so_and_notebooks_install_the_package(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output, out = config_build(tmp_path, capsys, 'black_avoid_patterns = {}\n')
    assert status == 0
    assert "package: a (from the pip install line of the _config.py install cell)" in output
    assert "install cells: notebook_first_cells from en/_config.py; ko/_config.py defines " \
           "neither notebook_first_cells nor INSTALL_CONTENT: `!pip install a`" in output
    assert json_cells(out / "ko" / "page.ipynb") == ["!pip install a", "# 한국어 페이지",
                                                     "x = 1"]


@pytest.mark.parametrize("value, kind", [
    ('open("install.txt").read()', "Call"),
    ('make_cells("pip install x")', "Call"),
    ('[{"type": "code", "content": INSTALL.strip()}]', "Call"),
    ('[{"type": "code", "content": f"{INSTALL}"}]', "JoinedStr"),
    ("[cell for cell in CELLS]", "ListComp"),
])
def test_config_value_that_needs_execution_fails_its_language_naming_the_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, kind: str) -> None:
    config = f'INSTALL = "! pip install x"\nCELLS = []\n\nnotebook_first_cells = {value}\n'
    status, output, out = config_build(tmp_path, capsys, config)
    assert status == 1
    assert f"ko/_config.py:4: notebook_first_cells cannot be read statically: a {kind} " \
           "expression would need the file to be executed (no notebooks for language 'ko')" \
           in output
    assert not (out / "ko").exists()
    assert (out / "en" / "good.ipynb").is_file()


def test_config_with_an_unreadable_name_that_cells_do_not_need_is_fine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = ('import os\nPATTERNS = os.environ.get("X")\nINSTALL = "! pip install y"\n'
              'notebook_first_cells = [{"type": "code", "content": INSTALL}]\n')
    status, _, out = config_build(tmp_path, capsys, config)
    assert status == 0
    assert json_cells(out / "ko" / "page.ipynb")[0] == "! pip install y"


# --- toctree, links, names ------------------------------------------------------------------

def test_invalid_toctree_is_an_error_with_its_line_and_pages_still_convert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toctree = "- sections:\n  - local: good\n    title: [unclosed\n  title: Start\n"
    status, output, out = run(tmp_path, capsys, {"en/_toctree.yml": toctree, "en/good.md": GOOD})
    assert status == 1
    assert "error: en/_toctree.yml:4: not valid YAML" in output
    assert (out / "en" / "good.ipynb").is_file()


def test_toctree_that_is_not_a_list_is_an_error_and_pages_still_convert(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output, out = run(tmp_path, capsys, {"en/_toctree.yml": "title: Not a list\n",
                                                 "en/good.md": GOOD})
    assert status == 1
    assert "error: en/_toctree.yml:1: a toctree must be a list of entries" in output
    assert (out / "en" / "good.ipynb").is_file()


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_leaving_the_tree_is_a_warning_and_is_never_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\n[[open-in-colab]]\n\n```py\nsecret = 1\n```\n", "utf-8")
    source = tmp_path / "docs" / "source"
    (source / "en").mkdir(parents=True)
    (source / "en" / "escape.md").symlink_to(secret)
    (source / "en" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    status, output, out = run(tmp_path, capsys, {"en/good.md": GOOD})
    assert status == 0
    assert "en/escape.md: is a link to a file outside the docs root; not read [symlink]" \
        in output
    assert "en/dangling.md: is a link to a file outside the docs root" in output
    assert "Traceback" not in output
    assert not (out / "en" / "escape.ipynb").exists()
    assert "secret = 1" not in "".join(p.read_text("utf-8") for p in out.rglob("*.ipynb"))
    assert (out / "en" / "good.ipynb").is_file()


def test_page_names_with_spaces_and_non_ascii_letters_keep_their_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes] = {"en/my page.md": GOOD, "en/café crème.md": GOOD,
                                     "en/tâches/訓練.md": GOOD}
    status, _, out = run(tmp_path, capsys, files)
    assert status == 0
    for name in ("my page", "café crème", "訓練"):
        assert json_cells(out / "en" / f"{name}.ipynb")[-1] == "good = 1"
