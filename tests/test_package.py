"""The documented package, inferred from what the tree says, and said in the build's notes;
the settings of the project that holds the docs; install cells that exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.inputs import package as package_module
from notebook_gen.builder.inputs.config import LanguageConfig
from notebook_gen.builder.inputs.package import (
    autodoc_package,
    config_package,
    folder_package,
    infer_package,
)
from notebook_gen.cli import main
from notebook_gen.links.inventory import ApiEntry
from notebook_gen.model import CellSpec
from tests.buildtree import write_pages


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder of its own: no pyproject.toml above it but the tests' own."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def entries(*names: str) -> list[ApiEntry]:
    return [ApiEntry(name, "en", "page", 1) for name in names]


def config(text: str) -> LanguageConfig:
    return LanguageConfig("_config.py", (CellSpec("code", text, 0),), source="INSTALL_CONTENT")


@pytest.mark.parametrize("names, expected", [
    (("datasets.Dataset", "datasets.load_dataset", "Features"), "datasets"),
    (("datasets.Dataset", "Features", "Value"), None),  # a third: not common
    (("BertModel", "models.bert.BertConfig", "transformers.Trainer", "Trainer"), None),
    (("src.Model", "src.Config"), None),  # a layout name, never a package
    ((), None),
])
def test_autodoc_directives_common_first_name(names: tuple[str, ...], expected: str | None
                                               ) -> None:
    assert autodoc_package(entries(*names)) == expected


def test_config_git_url_names_the_repository() -> None:
    found = config_package([None, config("# ! pip install git+https://github.com/o/peft.git"),
                            config("! pip install peft")])
    assert found == "peft"
    assert config_package([config("! pip install peft")]) is None


@pytest.mark.parametrize("path, expected", [
    ("peft/docs/source", "peft"),
    ("peft/docs/source/en", "peft"),
    ("peft/src/docs/source", "peft"),  # never src, docs or source
    ("mylib/documentation", "documentation"),
])
def test_repository_folder_skips_layout_names(tmp_path: Path, path: str, expected: str) -> None:
    root = tmp_path / path
    root.mkdir(parents=True)
    assert folder_package(root) == expected


def test_inference_order_config_then_directives_with_the_folder_then_folder(
        tmp_path: Path) -> None:
    root = tmp_path / "repo" / "src" / "docs" / "source"
    root.mkdir(parents=True)
    url = config("! pip install git+https://github.com/o/from_git.git")
    choice = infer_package(root, entries("lib.A", "lib.B"), [url])
    assert (choice.name, choice.reason) == (
        "from_git", "from the git+https URL of the _config.py install cell")
    choice = infer_package(root, entries("repo.A", "B"), [])
    assert choice.note() == ("package: repo (from the [[autodoc]] directives, which start with "
                             "the repository folder's name)")
    assert not choice.warnings()
    choice = infer_package(root, entries("lib.A"), [])
    assert choice.note() == "package: repo (from the repository folder's name)"
    assert [warning.kind for warning in choice.warnings()] == ["package"]


def test_a_tree_that_names_no_package_gets_the_placeholder_and_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "folder_package", lambda root: None)
    choice = infer_package(tmp_path, entries("A"), [])
    assert (choice.name, choice.reason) == ("package", package_module.NOTHING_NAMES_IT)


PAGE = ("# Guide\n\n[[open-in-colab]]\n\nSee [`~mylib.Trainer`] and [more](./other).\n\n"
        "```py\nimport mylib\nimport psutil\nimport jiwer\n```\n")
REFERENCE = "# Reference\n\n[[autodoc]] mylib.Trainer\n\n[[autodoc]] mylib.utils.load\n"


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def test_a_tree_with_no_config_installs_the_inferred_package_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_pages(tmp_path / "src" / "docs" / "source",
                         {"guide.md": PAGE, "reference.md": REFERENCE})
    (tmp_path / "src" / "setup.cfg").write_text("[metadata]\nname = mylib\n", encoding="utf-8")
    assert build(source, tmp_path / "out") == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out[:4] if not line.startswith("index:")] == [
        f"settings: none (no pyproject.toml at or above {source.as_posix()})",
        "package: mylib (from setup.cfg [metadata] name)",
        "install cells: no _config.py found: `!pip install mylib`"]
    notebook = json.loads((tmp_path / "out" / "en" / "guide.ipynb").read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    assert ("".join(first["source"]), first["metadata"]["tags"]) == ("!pip install mylib",
                                                                     ["install"])
    prose = "".join(notebook["cells"][1]["source"])
    assert "https://huggingface.co/docs/mylib/main/en/reference#mylib.Trainer" in prose
    assert "https://huggingface.co/docs/mylib/main/en/other" in prose
    assert "/docs/src/" not in json.dumps(notebook)


def test_a_config_with_only_install_content_gives_that_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_text = ('INSTALL_CONTENT = """\n# Install\n! pip install '
                   'git+https://github.com/org/otherlib.git\n"""\n')
    source = write_pages(tmp_path / "docs" / "source", {
        "_config.py": config_text, "en/guide.md": PAGE.replace("mylib", "otherlib"),
        "en/_toctree.yml": "- sections:\n  - local: guide\n    title: Guide\n  title: Start\n",
        "ko/guide.md": PAGE.replace("mylib", "otherlib")})
    assert build(source, tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert "package: otherlib (from the git+https URL of the _config.py install cell)" \
        in captured.out
    assert "install cells: INSTALL_CONTENT from _config.py (en, ko)" in captured.out
    for lang in ("en", "ko"):
        path = tmp_path / "out" / lang / "guide.ipynb"
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        assert "".join(first["source"]).startswith("# Install\n! pip install git+https://")
        assert first["metadata"]["notebook_gen"] == {"origin": "_config.py"}
    # psutil is preinstalled on Colab; nothing installs jiwer.
    assert "imports 'psutil'" not in captured.err
    assert "imports 'jiwer' but no install cell provides it (pip install jiwer)" in captured.err


def test_settings_come_from_the_project_that_holds_the_docs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (Path.cwd() / "pyproject.toml").write_text(
        '[tool.notebook-gen]\npackage = "not_this_one"\n', encoding="utf-8")
    project = tmp_path / "project"
    source = write_pages(project / "docs" / "source", {"guide.md": PAGE})
    (project / "pyproject.toml").write_text(
        '[tool.notebook-gen]\npackage = "chosen"\nrepository = "me/project"\n'
        'out = "notebooks"\n', encoding="utf-8")
    assert main(["build", str(source), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert f"settings: {(project / 'pyproject.toml').as_posix()}\n" in out
    assert "package: chosen (set by --package or [tool.notebook-gen])" in out
    # Paths of the settings are the project's: `out` is beside its pyproject.toml, and the
    # Colab links name the folder's path in that project.
    index = (project / "notebooks" / "en" / "index.md").read_text(encoding="utf-8")
    assert "/me/project/blob/main/notebooks/en/guide.ipynb" in index
    assert not (Path.cwd() / "notebooks").exists()
    assert build(source, tmp_path / "out", "--package", "flag") == 0
    assert "package: flag (set by" in capsys.readouterr().out


def test_without_a_source_argument_the_working_folder_settings_apply(
        capsys: pytest.CaptureFixture[str]) -> None:
    here = Path.cwd()
    write_pages(here / "docs" / "source", {"guide.md": PAGE})
    (here / "pyproject.toml").write_text('[tool.notebook-gen]\npackage = "here"\n',
                                         encoding="utf-8")
    assert main(["build", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("settings: pyproject.toml\n")
    assert "\npackage: here (set by" in out


def test_links_check_infers_the_package_the_same_way(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from notebook_gen.builder.inputs.package import default_package

    source = write_pages(tmp_path / "mylib" / "docs" / "source",
                         {"guide.md": PAGE, "reference.md": REFERENCE})
    assert default_package(source) == "mylib"
    (tmp_path / "mylib" / "pyproject.toml").write_text('[project]\nname = "other-lib"\n',
                                                       encoding="utf-8")
    assert default_package(source) == "other_lib"
