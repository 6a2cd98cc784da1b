"""The index's Colab links: the repository inferred from ``git remote get-url origin``, and the
output folder's path taken from the repository root (never a path that climbs out of it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from notebook_gen.cli import main
from notebook_gen.commands.build.repository import github_repository
from tests.buildtree import make_docs

COLAB = "https://colab.research.google.com/github"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git_repository(folder: Path, origin: str | None) -> Path:
    """A git work tree at ``folder`` whose ``origin`` is ``origin`` (never contacted)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    if origin is not None:
        subprocess.run(["git", "-C", str(folder), "remote", "add", "origin", origin], check=True)
    return folder


def index_of(out: Path) -> str:
    return (out / "en" / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/me/docs.git", "me/docs"),
    ("https://github.com/me/docs", "me/docs"),
    ("https://github.com/me/my.docs/", "me/my.docs"),
    ("https://token@github.com/me/docs.git", "me/docs"),
    ("git@github.com:me/docs.git", "me/docs"),
    ("ssh://git@github.com/me/docs.git", "me/docs"),
    ("ssh://git@github.com:22/me/docs", "me/docs"),
    ("https://gitlab.com/me/docs.git", None),
    ("git@gitlab.com:me/docs.git", None),
    ("/srv/git/docs.git", None),
    ("https://github.com/me", None),
    ("https://github.com/me/docs/tree/main", None),
])
def test_github_remote_urls(url: str, expected: str | None) -> None:
    assert github_repository(url) == expected


@needs_git
def test_origin_on_github_gives_colab_links_and_says_so(tmp_path: Path, monkeypatch, capsys,
                                                        ) -> None:
    repo = git_repository(tmp_path / "repo", "git@github.com:me/docs.git")
    make_docs(repo)
    monkeypatch.chdir(repo / "docs")  # -o ../notebooks: from the git top it is notebooks
    assert main(["build", "source", "-o", "../notebooks", "--jobs", "1"]) == 0
    assert f"[Mixed]({COLAB}/me/docs/blob/main/notebooks/en/intro.ipynb)" in index_of(
        repo / "notebooks")
    assert "../" not in index_of(repo / "notebooks")
    out = capsys.readouterr().out
    assert ("index: Colab links to me/docs, branch main, folder notebooks (repository from git "
            "remote origin; --repository overrides it)") in out


@needs_git
def test_repository_option_wins_over_origin_and_empty_asks_for_relative_links(
        tmp_path: Path, monkeypatch, capsys) -> None:
    repo = git_repository(tmp_path / "repo", "https://github.com/me/docs.git")
    make_docs(repo)
    monkeypatch.chdir(repo)
    assert main(["build", "docs/source", "-o", "nb", "--jobs", "1", "--repository",
                 "https://github.com/other/place"]) == 0
    assert f"{COLAB}/other/place/blob/main/nb/en/intro.ipynb" in index_of(repo / "nb")
    assert main(["build", "docs/source", "-o", "nb", "--jobs", "1", "--repository", ""]) == 0
    assert COLAB not in index_of(repo / "nb")
    assert "index:" not in capsys.readouterr().out  # nothing was decided without being asked


@needs_git
def test_origin_elsewhere_than_github_gives_relative_links_and_says_so(
        tmp_path: Path, monkeypatch, capsys) -> None:
    repo = git_repository(tmp_path / "repo", "https://gitlab.com/me/docs.git")
    make_docs(repo)
    monkeypatch.chdir(repo)
    assert main(["build", "docs/source", "-o", "nb", "--jobs", "1"]) == 0
    assert COLAB not in index_of(repo / "nb")
    assert "index: relative links (no GitHub repository" in capsys.readouterr().out


def test_notebooks_path_leaving_the_repository_is_a_usage_error(tmp_path: Path, monkeypatch,
                                                                capsys) -> None:
    make_docs(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "docs/source", "-o", "nb", "--repository", "me/docs",
                 "--notebooks-path", "../nb"]) == 2
    assert "--notebooks-path '../nb' leaves the repository" in capsys.readouterr().err
    assert not (tmp_path / "nb").exists()


def test_notebooks_path_is_normalised(tmp_path: Path, monkeypatch) -> None:
    make_docs(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "docs/source", "-o", "nb", "--jobs", "1", "--repository", "me/docs",
                 "--notebooks-path", "./site//nb/"]) == 0
    assert f"{COLAB}/me/docs/blob/main/site/nb/en/intro.ipynb" in index_of(tmp_path / "nb")


def test_without_git_the_path_is_taken_from_the_working_folder(tmp_path: Path, monkeypatch,
                                                               capsys) -> None:
    make_docs(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    out = tmp_path / "project" / "site" / "nb"  # absolute, inside the working folder
    assert main(["build", "docs/source", "-o", str(out), "--jobs", "1",
                 "--repository", "me/docs"]) == 0
    assert f"{COLAB}/me/docs/blob/main/site/nb/en/intro.ipynb" in index_of(out)
    elsewhere = tmp_path / "elsewhere"  # outside: no path in the repository to link to
    assert main(["build", "docs/source", "-o", str(elsewhere), "--jobs", "1",
                 "--repository", "me/docs"]) == 0
    assert COLAB not in index_of(elsewhere)
    assert f"index: relative links: {elsewhere} is outside the repository root" in (
        capsys.readouterr().out)


def test_repository_that_is_not_owner_slash_name_is_a_usage_error(tmp_path: Path, monkeypatch,
                                                                  capsys) -> None:
    make_docs(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "docs/source", "--repository", "just-a-name"]) == 2
    assert "expected OWNER/NAME" in capsys.readouterr().err
