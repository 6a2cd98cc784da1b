"""Usage errors of ``build`` (issue 13, item 11): nonsensical values are refused with
status 2 before anything is written. (That workers never outnumber the pages to convert is
in ``tests/test_build_processes.py``: it counts processes.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.cli import main
from tests.buildtree import make_docs, tree_bytes


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def test_negative_jobs_is_a_usage_error(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(source), "-o", str(out), "--jobs", "-5"])
    assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text("[tool.notebook-gen]\njobs = -5\n",
                                             encoding="utf-8")
    assert main(["build", str(source), "-o", str(out)]) == 2
    assert "jobs" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("where", [".", "en", "en/notebooks"])
def test_output_folder_in_the_docs_folder_is_a_usage_error(tmp_path: Path, capsys,
                                                           where: str) -> None:
    source = make_docs(tmp_path)
    before = tree_bytes(source)
    assert build(source, source / where) == 2
    assert "inside the docs folder" in capsys.readouterr().err
    assert tree_bytes(source) == before
