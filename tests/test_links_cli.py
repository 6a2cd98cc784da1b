"""``--external`` and ``--export-inventory`` from the command line: ``links`` writes an
inventory, ``links`` and ``build`` link into another library with it (or with its docs
folder, or with ``external`` in ``[tool.notebook-gen]``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.cli import main
from tests.buildtree import write_pages
from tests.test_links_public import LIBRARY_DOCS

PAGE = ("# Data\n\n[[open-in-colab]]\n\nUse [`~datasets.Dataset.map`], not "
        "[`~datasets.Dataset2`].\n")
MAP_URL = ("https://huggingface.co/docs/datasets/main/en/package_reference/main_classes"
           "#datasets.Dataset.map")


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _tree(tmp_path: Path) -> Path:
    return write_pages(tmp_path / "mylib" / "docs" / "source", {"en/data.md": PAGE})


def _exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "inventories" / "datasets.json"
    assert main(["links", str(LIBRARY_DOCS), "--package", "datasets",
                 "--export-inventory", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""  # nothing checked without --check
    assert (f"{path}: 8 documented objects of datasets (9 [[autodoc]] directives), anchors "
            "from the package's exports") in err
    return path


def test_export_then_link_with_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    path = _exported(tmp_path, capsys)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format_version"] == 1 and document["anchors"] == "source"
    tree = _tree(tmp_path)
    assert main(["links", str(tree), "--strict-links"]) == 1
    out, _ = capsys.readouterr()
    assert "`~datasets.Dataset.map`: outside mylib" in out
    assert main(["links", str(tree), "--strict-links", "--external", f"datasets={path}"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "en/data.md:5: `~datasets.Dataset2`: not in the datasets inventory: "
        "not documented by any [[autodoc]] directive"]
    assert "1 unresolved API references" in err


def test_a_bad_inventory_is_a_usage_error_naming_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "notebook-gen-inventory", "format_version": 9}', "utf-8")
    assert main(["links", str(_tree(tmp_path)), "--external", f"datasets={bad}"]) == 2
    assert f"notebook-gen links: error: {bad}: inventory format 9 is newer" in \
        capsys.readouterr().err
    assert main(["build", str(_tree(tmp_path)), "--external", f"datasets={bad}"]) == 2
    assert main(["build", str(_tree(tmp_path)), "--external", "datasets"]) == 2
    assert "--external datasets: expected NAME=DOCS_SOURCE" in capsys.readouterr().err


def test_build_links_into_the_other_library(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    tree, out = _tree(tmp_path), tmp_path / "out"
    argv = ["build", str(tree), "-o", str(out), "--jobs", "1"]
    assert main([*argv, "--external", f"datasets={LIBRARY_DOCS}"]) == 0
    stdout, stderr = capsys.readouterr()
    assert "external: datasets (8 documented objects" in stdout
    assert f"]({MAP_URL})" in (out / "en" / "data.ipynb").read_text(encoding="utf-8")
    assert "`~datasets.Dataset2`: not in the datasets inventory" in stderr
    # Without the inventory the page's links change: the page is converted again.
    assert main(argv) == 0
    assert "3 written" in capsys.readouterr().out  # mixed, pytorch, tensorflow
    assert MAP_URL not in (out / "en" / "data.ipynb").read_text(encoding="utf-8")


def test_build_reads_external_from_the_settings(tmp_path: Path) -> None:
    tree, out = _tree(tmp_path), tmp_path / "out"
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.notebook-gen]\nexternal = {{ datasets = "{LIBRARY_DOCS.as_posix()}" }}\n',
        encoding="utf-8")
    assert main(["build", str(tree), "-o", str(out), "--jobs", "1"]) == 0
    assert f"]({MAP_URL})" in (out / "en" / "data.ipynb").read_text(encoding="utf-8")
