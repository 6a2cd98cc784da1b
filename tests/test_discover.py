"""Finding languages and pages, and naming each page's notebooks."""

from __future__ import annotations

from pathlib import Path

from notebook_gen.build.inputs.discover import disambiguated_stems, find_languages, find_pages
from notebook_gen.cli import main


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
