"""The command line: exit codes (0 ok, 1 a page failed, 2 usage) and what it prints."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from notebook_gen.cli import main, make_parser
from notebook_gen.commands.options import options_of
from notebook_gen.version import __version__
from tests.buildtree import write_pages
from tests.loaded import run_command

GOOD = "# Good\n\n[[open-in-colab]]\n\n```py\n>>> 1 + 1\n2\n```\n"
BAD = "# Bad\n\n[[open-in-colab]]\n\n" + "<Tip>\n" * 40 + "nested out of reason\n"


def make_tree(root: Path, pages: dict[str, str]) -> Path:
    return write_pages(root / "docs" / "source", pages)


def test_build_converts_marked_pages_and_exits_0(tmp_path: Path, capsys) -> None:
    source = make_tree(tmp_path, {"en/good.md": GOOD, "en/plain.md": "# Not marked\n"})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert (out / "en" / "good.ipynb").is_file()
    assert not (out / "en" / "plain.ipynb").exists()
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith(f"3 notebooks in {out}/: 3 written, index updated (1 of 2 pages "
                              "marked [[open-in-colab]], ")


def test_all_converts_unmarked_pages_too(tmp_path: Path) -> None:
    source = make_tree(tmp_path, {"en/good.md": GOOD, "en/plain.md": "# Not marked\n"})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--all", "--jobs", "1"]) == 0
    assert (out / "en" / "plain.ipynb").is_file()


def test_failing_page_exits_1_names_file_and_line_and_others_still_convert(
    tmp_path: Path, capsys
) -> None:
    source = make_tree(tmp_path, {"en/good.md": GOOD, "en/bad.md": BAD})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "en/bad.md:37: <tip> is nested more than 32 tags deep" in err
    assert (out / "en" / "good.ipynb").is_file()
    assert not (out / "en" / "bad.ipynb").exists()


def test_missing_source_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")]) == 2
    assert "no such docs folder" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--no-such-option"])
    assert exit_info.value.code == 2


def test_single_language_tree_writes_under_en(tmp_path: Path) -> None:
    source = make_tree(tmp_path, {"_toctree.yml": "- title: x\n", "guide.md": GOOD})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert (out / "en" / "guide.ipynb").is_file()


def test_language_config_cells_are_prepended(tmp_path: Path) -> None:
    config = ('INSTALL = "! pip install tea"\n'
              'notebook_first_cells = [{"type": "code", "content": INSTALL}]\n')
    source = make_tree(tmp_path, {"ko/good.md": GOOD, "ko/_config.py": config})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    text = (out / "ko" / "good.ipynb").read_text(encoding="utf-8")
    assert "! pip install tea" in text
    assert '"origin": "ko/_config.py"' in text


def test_unreadable_config_is_an_error_for_its_language_only(tmp_path: Path, capsys) -> None:
    source = make_tree(tmp_path, {"ko/good.md": GOOD, "ko/_config.py": "x = (\n",
                                  "en/good.md": GOOD})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 1
    assert "ko/_config.py" in capsys.readouterr().err
    assert (out / "en" / "good.ipynb").is_file()
    assert not (out / "ko" / "good.ipynb").exists()


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    source = make_tree(tmp_path, {"en/good.md": GOOD})
    done = subprocess.run([sys.executable, "-m", "notebook_gen", "build", str(source), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "3 notebooks in " in done.stdout  # mixed, pytorch, tensorflow


def test_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    listing = capsys.readouterr().out
    for command in ("build", "links", "execute", "report"):
        assert command in listing


COMMANDS = (*(f"notebook_gen.commands.{name}.run" for name in ("build", "links", "execute")),
            "notebook_gen.report.json_file")
"""What each command does (``report merge``'s work: reading and merging JSON reports):
``--help`` and ``--version`` load none of it."""


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["build", "--help"],
                                  ["links", "--help"], ["execute", "--help"],
                                  ["report", "merge", "--help"]])
def test_help_and_version_load_no_command(argv: list[str]) -> None:
    assert run_command(argv, COMMANDS).loaded == []


def test_report_file_options_are_the_formats_the_report_renders() -> None:
    from notebook_gen.execute.results import RunReport
    from notebook_gen.report.formats import FORMATS

    offered = _subcommand_actions("execute")
    assert tuple((fmt.name, fmt.help) for fmt in FORMATS) == tuple(
        (name, offered[name].help) for name in ("junit", "json", "summary", "html"))
    assert all(fmt.render(RunReport([], 0.0)) for fmt in FORMATS)


def test_unresolved_api_reference_is_a_warning_or_with_strict_links_an_error(
    tmp_path: Path, capsys
) -> None:
    page = "# Refs\n\n[[open-in-colab]]\n\nSee [`NoSuchThing`], yes, [`NoSuchThing`].\n"
    source = make_tree(tmp_path, {"en/refs.md": page})
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert "en/refs.md:5: unresolved API reference `NoSuchThing`" in capsys.readouterr().err
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--strict-links"]) == 1
    err = capsys.readouterr().err
    assert "error: en/refs.md:5: unresolved API reference" in err
    assert err.count("NoSuchThing") == 1  # twice on one line, reported once


def _subcommand_actions(name: str) -> dict[str, argparse.Action]:
    parser = make_parser()
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    return {action.dest: action for action in commands.choices[name]._actions}


def test_shared_options_have_one_wording_in_build_and_links() -> None:
    build, links = _subcommand_actions("build"), _subcommand_actions("links")
    shared = sorted(set(build) & set(links) - {"help", "check"})
    assert shared == ["external", "package", "source", "strict_links"]
    declared = {option.name: option for option in options_of("links")}
    for dest in shared:
        assert build[dest].help == links[dest].help == declared[dest].help_text()
    assert links["source"].help and "docs root" in links["source"].help
    assert links["source"].metavar == build["source"].metavar == "DOCS_SOURCE"
    assert links["check"].help and "default action" not in links["check"].help


def test_links_help_describes_the_source_and_the_exit_status(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["links", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "DOCS_SOURCE the docs root: one folder per language" in text
    assert "Exit status: 0 all land, 1 some are broken, 2 a usage mistake." in text


def test_links_reads_the_source_and_package_from_the_settings(tmp_path: Path, monkeypatch,
                                                              capsys) -> None:
    write_pages(tmp_path / "site" / "docs", {"index.md": "# Hi\n\nSee [me](#hi).\n"})
    (tmp_path / "pyproject.toml").write_text('[tool.notebook-gen]\nsource = "site/docs"\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["links"]) == 0
    assert "1 pages, 0 relative links, 1 anchored links: 0 broken" in capsys.readouterr().err
    assert main(["links", "elsewhere"]) == 2
    assert "elsewhere: no such docs folder" in capsys.readouterr().err


def test_the_public_api_loads_on_first_use_and_build_is_the_function() -> None:
    code = ("import sys, notebook_gen\n"
            "print('notebook_gen.builder.build' in sys.modules)\n"
            "import notebook_gen.builder.build\n"
            "from notebook_gen import build, convert_page, execute_notebooks\n"
            "print(build is sys.modules['notebook_gen.builder.build'].build,"
            " callable(convert_page), callable(execute_notebooks))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "True", "True", "True"]


def test_every_name_the_api_page_documents_is_importable_from_notebook_gen() -> None:
    import notebook_gen

    page = Path(__file__).parent.parent / "docs" / "source" / "en" / "api.md"
    documented = [line.split()[1] for line in page.read_text(encoding="utf-8").splitlines()
                  if line.startswith("[[autodoc]] ")]
    assert len(documented) > 10
    for dotted in documented:
        package, _, name = dotted.partition(".")
        assert (package, name in notebook_gen.__all__) == ("notebook_gen", True), dotted
        assert getattr(notebook_gen, name) is not None


def test_version_is_what_the_parser_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    quick = capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        make_parser().parse_args(["--version"])
    assert stopped.value.code == 0
    assert quick == capsys.readouterr().out == f"notebook_gen {__version__}\n"
