"""The documented package is read from the repository around the docs, in a fixed order of
trust: packaging metadata, the import package beside the docs, the ``_config.py`` install
lines, a directive's first name only when it is the folder's name, the folder's name (a
guess, said as a warning). Each test builds a small repository of its own and checks what
the maintainer sees: the ``package:`` line, the install cell, the link URLs, the exit status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.cli import main

GUIDE = ("# Guide\n\n[[open-in-colab]]\n\nSee [`LoraConfig`] and [`gather`] and [more](./other)."
         "\n\n```py\nx = 1\n```\n")
REFERENCE = ("# Reference\n\n[[autodoc]] tuners.lora.LoraConfig\n\n[[autodoc]] utils.gather\n")
OTHER = "# Other\n\nText.\n"
DOCS = {"docs/source/en/guide.md": GUIDE, "docs/source/en/reference.md": REFERENCE,
        "docs/source/en/other.md": OTHER}


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder of its own, with no settings of any project."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def repository(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (path -> text; a path ending in ``/`` is an empty folder) under
    ``root``; returns the docs root."""
    for rel, text in files.items():
        path = root / rel
        if rel.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs" / "source"


def build(source: Path, out: Path, capsys: pytest.CaptureFixture[str], *args: str,
          ) -> tuple[int, str, str]:
    status = main(["build", str(source), "-o", str(out), "--jobs", "1", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def package_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("package:"))


def notebook_text(out: Path, page: str = "guide") -> tuple[str, str]:
    """The install cell's source and the rest of the notebook's text."""
    cells = json.loads((out / "en" / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join(cells[0]["source"]), json.dumps(cells[1:])


# (files besides the docs, package line, install cell, docs URL prefix)
CASES = {
    "pyproject [project] name, relative directives": (
        {"pyproject.toml": '[project]\nname = "peft"\nversion = "1"\n',
         "src/peft/__init__.py": "", "src/peft/utils.py": "def gather(): ...\n"},
        "package: peft (from pyproject.toml [project] name)", "!pip install peft", "peft"),
    "pyproject without a name, then setup.py": (
        {"pyproject.toml": "[tool.black]\nline-length = 100\n",
         "setup.py": 'from setuptools import setup\nNAME = "acme"\nsetup(name=NAME)\n'},
        "package: acme (from setup.py name=)", "!pip install acme", "acme"),
    "setup.py literal, distribution differs from the import name": (
        {"setup.py": 'import setuptools\nsetuptools.setup(\n    name="hub-client",\n'
                     '    version=open("v").read(),\n)\n',
         "hub_client/__init__.py": ""},
        "package: hub_client, installed as hub-client (from setup.py name=)",
        "!pip install hub-client", "hub_client"),
    "setup.cfg [metadata] name": (
        {"setup.cfg": "[metadata]\nname = Tiny-Lib\nversion = %(x)s\n", "setup.py": "setup()\n",
         "src/tiny_lib/__init__.py": ""},
        "package: tiny_lib, installed as Tiny-Lib (from setup.cfg [metadata] name)",
        "!pip install Tiny-Lib", "tiny_lib"),
    "poetry": (
        {"pyproject.toml": '[tool.poetry]\nname = "verse"\n'},
        "package: verse (from pyproject.toml [tool.poetry] name)", "!pip install verse", "verse"),
    "src layout, no packaging files": (
        {"src/widgets/__init__.py": "", "tests/__init__.py": "", "examples/run.py": ""},
        "package: widgets (from the import package src/widgets/)", "!pip install widgets",
        "widgets"),
    "namespace package": (
        {"src/nspace/core.py": "x = 1\n", "scripts/tool.py": ""},
        "package: nspace (from the import package src/nspace/)", "!pip install nspace",
        "nspace"),
    "several packages at the root, the directives name one": (
        {"tuners/__init__.py": "", "tools/__init__.py": "", "other/__init__.py": ""},
        "package: tuners (from the import package tuners/, named by the [[autodoc]] "
        "directives)", "!pip install tuners", "tuners"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_repository_names_the_package(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          case: str) -> None:
    files, line, install, docs = CASES[case]
    source = repository(tmp_path / "checkout", {**DOCS, **files})
    status, out, err = build(source, tmp_path / "out", capsys)
    assert status == 0
    assert package_line(out) == line
    assert "[package]" not in err
    cell, rest = notebook_text(tmp_path / "out")
    assert cell == install
    assert f"https://huggingface.co/docs/{docs}/main/en/other" in rest
    assert f"https://huggingface.co/docs/{docs}/main/en/reference#{docs}." in rest
    assert "/docs/utils/" not in rest
    assert "/docs/tuners/" not in rest or docs == "tuners"


def test_relative_directives_with_no_other_evidence_fall_back_to_the_folder_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = repository(tmp_path / "mylib", DOCS)
    status, out, err = build(source, tmp_path / "out", capsys)
    assert status == 0
    assert package_line(out) == "package: mylib (from the repository folder's name)"
    assert ".: the documented package `mylib` is only the repository folder's name, a guess: " \
        "install cells say `!pip install mylib`" in err
    assert "[package]" in err and "1 warning" in out.splitlines()[-1]
    assert notebook_text(tmp_path / "out")[0] == "!pip install mylib"


def test_the_folder_warning_names_the_directives_common_first_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = {**DOCS, "docs/source/en/reference.md": "[[autodoc]] widgets.A\n\n"
                                                   "[[autodoc]] widgets.B\n"}
    source = repository(tmp_path / "checkout", docs)
    status, out, err = build(source, tmp_path / "out", capsys)
    assert (status, package_line(out)) == (
        0, "package: checkout (from the repository folder's name)")
    assert "the [[autodoc]] directives start with `widgets`: if that is the package, set " \
        "--package widgets" in err


def test_directives_that_start_with_the_folder_name_confirm_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = {**DOCS, "docs/source/en/reference.md": "[[autodoc]] mylib.Trainer\n"}
    source = repository(tmp_path / "mylib", docs)
    status, out, err = build(source, tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, "package: mylib (from the [[autodoc]] "
                                              "directives, which start with the repository "
                                              "folder's name)")
    assert "[package]" not in err


@pytest.mark.parametrize("install, line, cell_start", [
    ("! pip install sleek-kit datasets",
     "package: sleek_kit, installed as sleek-kit (from the pip install line of the _config.py "
     "install cell)", "! pip install sleek-kit"),
    ("! pip install datasets sleek\n# ! pip install git+https://github.com/o/sleek.git@main",
     "package: sleek (from the git+https URL of the _config.py install cell)", "! pip install"),
    ("! pip install -U datasets utils-extra",
     "package: datasets (from the pip install line of the _config.py install cell)",
     "! pip install -U"),
])
def test_the_config_install_lines_name_the_package(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], install: str, line: str,
        cell_start: str) -> None:
    config = f'INSTALL_CONTENT = """{install}"""\n'
    source = repository(tmp_path / "checkout", {**DOCS, "docs/source/_config.py": config})
    status, out, _ = build(source, tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, line)
    assert notebook_text(tmp_path / "out")[0].startswith(cell_start)


def test_install_names_confirmed_by_the_directives_win_over_the_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = 'INSTALL_CONTENT = "! pip install transformers sleek"\n'
    docs = {**DOCS, "docs/source/_config.py": config,
            "docs/source/en/reference.md": "[[autodoc]] sleek.Model\n\n[[autodoc]] utils.x\n"}
    status, out, _ = build(repository(tmp_path / "c", docs), tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, "package: sleek (from the pip install line of "
                                              "the _config.py install cell named by the "
                                              "[[autodoc]] directives)")


def test_metadata_outranks_the_import_package_and_the_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {**DOCS, "pyproject.toml": '[project]\nname = "real"\n', "src/other/__init__.py": "",
             "docs/source/_config.py": 'INSTALL_CONTENT = "! pip install nope"\n'}
    status, out, _ = build(repository(tmp_path / "c", files), tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, "package: real (from pyproject.toml [project] "
                                              "name)")


def test_the_walk_goes_past_a_settings_only_pyproject_up_to_the_git_top_level(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``docs/pyproject.toml`` holding only settings names no project; the repository's root
    does. Above the git top level, nothing is read (a home folder's pyproject.toml)."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "outer"\n', encoding="utf-8")
    files = {**DOCS, ".git/HEAD": "ref: refs/heads/main\n",
             "docs/pyproject.toml": '[tool.notebook-gen]\nrepository = ""\n',
             "setup.cfg": "[metadata]\nname = inner\n"}
    source = repository(tmp_path / "repo", files)
    status, out, _ = build(source, tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, "package: inner (from setup.cfg [metadata] name)")
    (tmp_path / "repo" / "setup.cfg").unlink()
    status, out, _ = build(source, tmp_path / "out", capsys)
    assert package_line(out) == "package: repo (from the repository folder's name)"


def test_a_setup_py_is_never_executed(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    marker = tmp_path / "ran"
    setup = (f"open({str(marker)!r}, 'w').write('x')\nfrom setuptools import setup\n"
             "setup(name='safe')\n")
    status, out, _ = build(repository(tmp_path / "c", {**DOCS, "setup.py": setup}),
                           tmp_path / "out", capsys)
    assert (status, package_line(out)) == (0, "package: safe (from setup.py name=)")
    assert not marker.exists()


def test_a_packaging_file_that_appears_is_a_change_for_the_next_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The quick check stamps what the package was inferred from outside the docs."""
    config = 'INSTALL_CONTENT = "! pip install first"\n'
    source = repository(tmp_path / "c", {**DOCS, "docs/source/_config.py": config})
    out = tmp_path / "out"
    status, printed, _ = build(source, out, capsys)
    assert (status, package_line(printed)) == (0, "package: first (from the pip install line "
                                                  "of the _config.py install cell)")
    assert (out / ".notebook-gen-snapshot.json").is_file()  # the next build may be quick
    (tmp_path / "c" / "pyproject.toml").write_text('[project]\nname = "second"\n',
                                                   encoding="utf-8")
    status, printed, _ = build(source, out, capsys)
    assert (status, package_line(printed)) == (0, "package: second (from pyproject.toml "
                                                  "[project] name)")
    assert "https://huggingface.co/docs/second/main/en/other" in notebook_text(out)[1]


def test_links_infers_and_says_the_package_as_build_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {**DOCS, "pyproject.toml": '[project]\nname = "hub-client"\n',
             "src/hub_client/__init__.py": ""}
    source = repository(tmp_path / "c", files)
    assert main(["links", str(source), "--check"]) == 0
    err = capsys.readouterr().err
    assert "package: hub_client, installed as hub-client (from pyproject.toml [project] name)" \
        in err
    bare = repository(tmp_path / "bare", DOCS)
    assert main(["links", str(bare), "--check"]) == 0
    err = capsys.readouterr().err
    assert "package: bare (from the repository folder's name)" in err
    assert "warning: the documented package `bare` is only the repository folder's name" in err
