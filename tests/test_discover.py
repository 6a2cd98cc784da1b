"""Finding languages and pages, and naming each page's notebooks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.discover import disambiguated_stems, find_languages, find_pages
from notebook_gen.cli import main
from notebook_gen.errors import PageWarning


def test_unique_file_names_keep_their_stem() -> None:
    assert disambiguated_stems(["quicktour.md", "tasks/asr.md"]) == {
        "quicktour.md": "quicktour", "tasks/asr.md": "asr"}


def test_shallowest_page_keeps_the_name_and_the_others_are_named_by_their_path() -> None:
    names = disambiguated_stems(["trainer.md", "main_classes/trainer.md"])
    assert names == {"trainer.md": "trainer", "main_classes/trainer.md": "main_classes-trainer"}


def test_pages_at_the_same_depth_are_all_named_by_their_path() -> None:
    names = disambiguated_stems(["model_doc/idefics.md", "tasks/idefics.md"])
    assert names == {"model_doc/idefics.md": "model_doc-idefics",
                     "tasks/idefics.md": "tasks-idefics"}


def test_a_page_really_named_like_the_rule_falls_back_to_double_dashes() -> None:
    names = disambiguated_stems(["a/x.md", "x.md", "a-x.md"])
    assert len(set(names.values())) == 3
    assert names["a/x.md"] == "a--x"


def test_colliding_pages_never_overwrite_each_other(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    for rel in ("en/trainer.md", "en/main_classes/trainer.md"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(f"# {rel}\n\n[[open-in-colab]]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--no-links"]) == 0
    assert "# en/trainer.md" in (out / "en" / "trainer.ipynb").read_text(encoding="utf-8")
    nested = (out / "en" / "main_classes-trainer.ipynb").read_text(encoding="utf-8")
    assert "# en/main_classes/trainer.md" in nested


def test_language_folders_are_found_by_toctree_or_short_code(tmp_path: Path) -> None:
    for folder in ("en", "pt-br", "tasks", "api"):
        (tmp_path / folder).mkdir()
    (tmp_path / "api" / "_toctree.yml").write_text("- local: x\n", encoding="utf-8")
    assert [lang.code for lang in find_languages(tmp_path)] == ["api", "en", "pt-br"]


def test_a_root_with_its_own_toctree_is_one_language_named_en(tmp_path: Path) -> None:
    (tmp_path / "_toctree.yml").write_text("- local: guide\n", encoding="utf-8")
    (tmp_path / "guide.md").write_text("# Guide\n", encoding="utf-8")
    (language,) = find_languages(tmp_path)
    assert (language.code, language.prefix) == ("en", "")
    pages, errors = find_pages(tmp_path, [language])
    assert [(p.rel, p.notebook_path(None)) for p in pages] == [("guide.md", "en/guide.ipynb")]
    assert errors == []


def test_folders_starting_with_underscore_or_dot_are_not_pages(tmp_path: Path) -> None:
    for rel in ("en/a.md", "en/_hidden/b.md", "en/.git/c.md", "en/sub/d.mdx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n", encoding="utf-8")
    pages, _ = find_pages(tmp_path, find_languages(tmp_path))
    assert [p.rel for p in pages] == ["en/a.md", "en/sub/d.mdx"]


# --- a page that is a symbolic link -----------------------------------------------------------

LINKED = "# Notebooks\n\nThe [home page](./index) lists them.\n\n```py\nlinked = 1\n```\n"
LINKED_TOCTREE = ("- sections:\n  - local: index\n    title: Home\n"
                  "  - local: notebooks\n    title: Notebooks\n  title: Start\n")


def linked_tree(top: Path, target: Path, repository: bool) -> Path:
    """``top/docs/source`` (one language) whose ``notebooks.md`` links to ``target``."""
    source = top / "docs" / "source"
    source.mkdir(parents=True)
    if repository:
        (top / ".git").mkdir()
    (source / "_toctree.yml").write_text(LINKED_TOCTREE, encoding="utf-8")
    (source / "index.md").write_text("# Home\n\n```py\nhome = 1\n```\n", encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(LINKED, encoding="utf-8")
    (source / "notebooks.md").symlink_to(os.path.relpath(target, source))
    return source


def test_a_page_linked_to_a_file_elsewhere_in_the_repository_is_a_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = linked_tree(tmp_path, tmp_path / "notebooks" / "README.md", repository=True)
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--no-links"]) == 0
    assert "has no page" not in capsys.readouterr().err  # the toctree entry has its page
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--no-links",
                 "--all"]) == 0
    captured = capsys.readouterr()
    assert "error" not in captured.err
    assert "linked = 1" in (out / "en" / "notebooks.ipynb").read_text(encoding="utf-8")


def test_without_a_repository_a_link_inside_the_docs_root_is_followed(tmp_path: Path) -> None:
    source = linked_tree(tmp_path, tmp_path / "docs" / "source" / "_shared" / "nb.md",
                         repository=False)
    pages, errors = find_pages(source, find_languages(source))
    assert [page.rel for page in pages] == ["index.md", "notebooks.md"]
    assert errors == []


@pytest.mark.parametrize("repository", [True, False], ids=["in-a-repository", "no-repository"])
def test_a_link_leaving_the_repository_is_refused_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], repository: bool) -> None:
    outside = tmp_path / "elsewhere" / "README.md"
    source = linked_tree(tmp_path / "project", outside, repository=repository)
    out = tmp_path / "out"
    status = main(["build", str(source), "-o", str(out), "--jobs", "1", "--no-links", "--all"])
    err = capsys.readouterr().err
    assert status == 0
    where = "the repository" if repository else "the docs root"
    assert f"notebooks.md: is a link to a file outside {where}; not read [symlink]" in err
    assert not (out / "en" / "notebooks.ipynb").exists()
    assert (out / "en" / "index.ipynb").is_file()
    warnings: list[PageWarning] = []
    pages, errors = find_pages(source, find_languages(source), warnings=warnings)
    assert ([page.rel for page in pages], errors) == (["index.md"], [])
    assert [(w.path, w.kind) for w in warnings] == [("notebooks.md", "symlink")]


# --- two pages with the same file name ------------------------------------------------------

MARKED = "# {title}\n\n[[open-in-colab]]\n\n```py\nx = 1\n```\n"


def test_a_marked_page_renamed_for_a_collision_is_warned_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "docs" / "source"
    pages = {"en/trainer.md": MARKED, "en/main_classes/trainer.md": MARKED,
             "en/a/idefics.md": MARKED, "en/b/idefics.md": "# Unmarked\n",
             "en/c/bert.md": "# Unmarked\n", "en/d/bert.md": "# Unmarked\n"}
    for rel, text in pages.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text.format(title=rel), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):  # the quick check says it again
        assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--no-links", "-v"]) \
            == 0
        err = capsys.readouterr().err
        assert ("en/main_classes/trainer.md: another page of en is named trainer.md: the docs "
                "site's \"Open in Colab\" menu on this page opens en/trainer.ipynb, the notebook "
                "of en/trainer.md, not this page's en/main_classes-trainer.ipynb; give the pages "
                "different file names [name-collision]") in err
        assert ("en/a/idefics.md: another page of en is named idefics.md: the docs site's "
                "\"Open in Colab\" menu on this page opens en/idefics.ipynb, which no page "
                "writes, not this page's en/a-idefics.ipynb") in err
        assert err.count("[name-collision]") == 2  # unmarked pages have no menu
        assert (out / "en" / "main_classes-trainer.ipynb").is_file()
