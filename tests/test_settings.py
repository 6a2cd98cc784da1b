"""``[tool.notebook-gen]`` is checked (issue 21, item 5): an unknown key, a command-line-only
key or a value of the wrong type is a usage error (status 2) before anything is written, and
the message names the file, the key and what would be right."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.cli import main
from tests.buildtree import make_docs


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str,
            command: str = "build") -> str:
    """What ``command`` says, on stderr, about a table it must refuse with status 2 without
    writing anything."""
    source, out = make_docs(tmp_path), tmp_path / "out"
    (tmp_path / "pyproject.toml").write_text(f"[tool.notebook-gen]\n{table}\n",
                                             encoding="utf-8")
    argv = ["build", str(source), "-o", str(out), "--jobs", "1"] if command == "build" \
        else ["links", str(source)]
    assert main(argv) == 2
    assert not out.exists()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return " ".join(captured.err.split())


@pytest.mark.parametrize("command", ["build", "links"])
def test_a_misspelt_key_is_refused_with_a_suggestion_and_the_valid_keys(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    err = refused(tmp_path, capsys, 'pakage = "x"', command)
    assert "pyproject.toml: [tool.notebook-gen] pakage: unknown key (did you mean package?)" \
        in err
    assert "valid keys: all-pages, branch, clean, colab-preinstalled, doc-version, " in err


@pytest.mark.parametrize("table, flag, key", [
    ("all = true", "--all", "all-pages"),
    ('page = "en/*"', "--page", "page-glob"),
])
def test_a_flag_name_as_a_key_names_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           table: str, flag: str, key: str) -> None:
    name = table.split()[0]
    err = refused(tmp_path, capsys, table)
    assert f"[tool.notebook-gen] {name}: unknown key ({flag} is set by the key {key})" in err


@pytest.mark.parametrize("table", ["force = true", "check = true", "verbose = true"])
def test_a_command_line_only_option_is_refused_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str) -> None:
    name = table.split()[0]
    err = refused(tmp_path, capsys, table)
    assert (f"[tool.notebook-gen] {name}: --{name} is given on the command line only "
            "(it asks one run for something, not the project)") in err


@pytest.mark.parametrize("table, said", [
    ("lang = 5", "lang: expected a comma-separated string or a list of strings, got 5"),
    ("page-glob = 5", "page-glob: expected a string, got 5"),
    ("repository = 5", "repository: expected a string, got 5"),
    ('links = "false"', "links: expected true or false, got 'false'"),
    ("jobs = true", "jobs: expected a whole number, 0 or more, got True"),
    ('variants = "all"', "variants: expected one of 'site', 'present', got 'all'"),
    ('lang = ["en", 5]', "lang: expected a comma-separated string or a list of strings, "
                         "got ['en', 5]"),
    ('import-names = { PIL = 1 }', "import-names: expected a table of names to strings, "
                                   "got {'PIL': 1}"),
    ('external = { datasets = 5 }', 'external: expected a table of NAME = "DOCS_SOURCE" or '
                                    'NAME = { source = "DOCS_SOURCE", version = "VERSION" }, '
                                    "got datasets = 5"),
])
def test_a_value_of_the_wrong_type_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             table: str, said: str) -> None:
    assert f"pyproject.toml: [tool.notebook-gen] {said}" in refused(tmp_path, capsys, table)


@pytest.mark.parametrize("key", ["skip-patterns", "gpu-signs"])
def test_a_pattern_that_does_not_compile_is_refused_by_key_and_pattern(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    err = refused(tmp_path, capsys, f'{key} = ["ok", "("]')
    assert (f"pyproject.toml: [tool.notebook-gen] {key}: '(' is not a regular expression: "
            "missing ), unterminated subpattern at position 0") in err


def test_a_key_written_with_both_spellings_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(tmp_path, capsys, 'doc-version = "v1"\ndoc_version = "v2"')
    assert "[tool.notebook-gen] doc_version: doc-version is given twice (- and _ are the same)" \
        in err


def test_every_problem_of_the_table_is_said_at_once(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(tmp_path, capsys, 'pakage = "x"\nlang = 5\nforce = true')
    assert err.count("[tool.notebook-gen]") == 3


def test_keys_may_be_written_with_underscores_and_good_values_are_used(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    (tmp_path / "pyproject.toml").write_text(
        '[tool.notebook-gen]\nlinks = false\nskip_patterns = ["dumps"]\nlang = ["en"]\n'
        'jobs = 1\nstrict-links = true\n', encoding="utf-8")
    assert main(["build", str(source), "-o", str(out)]) == 0
    notebook = (out / "en" / "intro.ipynb").read_text(encoding="utf-8")
    assert "skip-execution" in notebook
