"""Every way a build can select no page says what it found and what to try.

A folder that is not a docs root, an unknown ``--lang`` and a ``--page`` that matches nothing
are usage mistakes (exit status 2, nothing written); a tree with no ``[[open-in-colab]]`` page
is valid (exit status 0) and gets a hint towards ``--all``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.cli import main
from tests.buildtree import make_docs, write_pages

GOOD = "# Good\n\n[[open-in-colab]]\n\nText.\n"
PLAIN = "# Plain\n\nNo marker here.\n"


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def build(source: Path | str, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def test_no_marked_page_exits_0_and_suggests_all(tmp_path: Path, capsys) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/a.md": PLAIN, "en/b.md": PLAIN})
    assert build(source, tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert (f"hint: no page carries [[open-in-colab]] (2 pages of {source}): --all converts "
            "every page") in captured.err
    assert captured.out.splitlines()[-1].startswith(
        f"0 notebooks up to date in {tmp_path / 'out'}/ (0 of 2 pages marked [[open-in-colab]]")
    assert build(source, tmp_path / "out", "--all") == 0
    assert "hint:" not in capsys.readouterr().err


def test_no_marked_page_among_those_matching_page_names_the_glob(tmp_path: Path,
                                                                 capsys) -> None:
    source = write_pages(tmp_path / "src", {"en/a.md": PLAIN, "en/b.md": GOOD})
    assert build(source, tmp_path / "out", "--page", "a*") == 0
    assert "(1 page of " in capsys.readouterr().err


def test_unknown_language_is_a_usage_error_listing_the_tree_s_languages(tmp_path: Path,
                                                                        capsys) -> None:
    source = make_docs(tmp_path, langs=("en", "ko", "ja"))
    out = tmp_path / "out"
    assert build(source, out, "--lang", "xx") == 2
    assert (f"--lang xx: {source} has no such language; its languages are en, ja, ko"
            in capsys.readouterr().err)
    assert build(source, out, "--lang", "ko,zz,yy") == 2
    assert "--lang zz,yy:" in capsys.readouterr().err
    assert not out.exists()


def test_page_glob_matching_nothing_is_a_usage_error(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out, "--page", "nomatch*") == 2
    err = capsys.readouterr().err
    assert f"error: --page 'nomatch*' matched none of the 3 pages of {source}" in err
    assert "hint: --page is matched against a page's path in its language folder" in err
    assert not out.exists()
    assert build(source, out, "--page", "tasks/*") == 0  # the same rule, a glob that matches


def test_folder_above_a_docs_root_is_a_usage_error_naming_the_root(tmp_path: Path,
                                                                   capsys) -> None:
    make_docs(tmp_path)
    out = tmp_path / "out"
    for above in ("docs", "."):
        assert build(above, out) == 2
        err = capsys.readouterr().err
        assert (f"error: {above} is not a docs root; docs/source is one: try notebook-gen "
                "build docs/source") in err
        assert "hint: a docs root holds one folder per language (en/, ko/, ...)" in err
    assert not out.exists()


def test_folder_without_pages_is_a_usage_error_saying_what_a_docs_root_is(tmp_path: Path,
                                                                          capsys) -> None:
    (tmp_path / "empty" / "notes").mkdir(parents=True)
    assert build(tmp_path / "empty", tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'empty'} holds no pages" in err
    assert "with its pages (*.md, *.mdx) and a _toctree.yml" in err


def test_a_docs_root_whose_pages_are_all_gone_is_not_a_mistake(tmp_path: Path,
                                                               capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    for page in ("intro.md", "extra.md", "tasks/train.md"):
        (source / "en" / page).unlink()
    capsys.readouterr()
    assert build(source, out, "--clean") == 0
    assert f"hint: {source} holds no pages (*.md, *.mdx)" in capsys.readouterr().err


def test_a_folder_of_pages_without_toctree_still_builds(tmp_path: Path) -> None:
    source = write_pages(tmp_path / "pages", {"guide.md": GOOD})
    assert build(source, tmp_path / "out") == 0
    assert (tmp_path / "out" / "en" / "guide.ipynb").is_file()


def test_folder_above_a_flat_docs_root_is_a_usage_error_naming_the_root(tmp_path: Path,
                                                                        capsys) -> None:
    """``docs/source`` holds the pages of one language directly (no language folders):
    ``source`` is no language of ``docs``."""
    write_pages(tmp_path / "docs" / "source", {
        "_toctree.yml": "- sections:\n  - local: index\n    title: Home\n  title: Start\n",
        "index.md": GOOD, "guide/usage.md": GOOD})
    out = tmp_path / "out"
    assert build("docs", out) == 2
    err = capsys.readouterr().err
    assert ("error: docs is not a docs root; docs/source is one: try notebook-gen build "
            "docs/source") in err
    assert not out.exists()
    assert build("docs/source", out) == 0
    assert (out / "en" / "index.ipynb").is_file()
