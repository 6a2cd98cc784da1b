"""``_toctree.yml``: order, titles, sections, warnings for missing pages, invalid YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.builder.inputs.discover import Language, find_pages, page_name
from notebook_gen.builder.inputs.toctree import parse_toctree, read_toctree
from notebook_gen.cli import main
from notebook_gen.errors import PageError
from tests.buildtree import TOCTREE, make_docs, write_pages


def _names(root: Path, language: Language) -> set[str]:
    return {page_name(page) for page in find_pages(root, [language])[0]}


NESTED = """\
- title: Top page
  local: index
- sections:
  - local: a
    title: A
  - sections:
    - local: deep/b
      title: B
    title: Inner
  title: Outer
"""


def test_entries_in_reading_order_with_titles_sections_and_lines() -> None:
    toctree = parse_toctree(NESTED, "en/_toctree.yml")
    got = [(e.local, e.title, e.section, e.line) for e in toctree.entries]
    assert got == [("index", "Top page", None, 1), ("a", "A", "Outer", 4),
                   ("deep/b", "B", "Outer", 7)]


def test_invalid_yaml_is_an_error_with_its_line() -> None:
    with pytest.raises(PageError) as raised:
        parse_toctree("- local: a\n  title: [unclosed\n- local: b\n", "en/_toctree.yml")
    assert raised.value.path == "en/_toctree.yml"
    assert raised.value.line is not None and raised.value.line >= 2
    assert "not valid YAML" in raised.value.message


def test_a_toctree_that_is_not_a_list_is_an_error() -> None:
    with pytest.raises(PageError, match="must be a list"):
        parse_toctree("local: a\n", "en/_toctree.yml")


def test_missing_pages_warn_with_file_and_line(tmp_path: Path) -> None:
    folder = write_pages(tmp_path / "en", {"intro.md": "# I\n", "tasks/train.mdx": "# T\n",
                                           "_toctree.yml": TOCTREE})
    language = Language("en", folder, "en/")
    toctree, warnings = read_toctree(tmp_path, language, _names(tmp_path, language))
    assert [e.local for e in toctree.entries] == ["intro", "tasks/train", "missing_page"]
    assert [(w.path, w.line, w.kind) for w in warnings] == [("en/_toctree.yml", 8, "toctree")]


def test_language_without_toctree_has_no_entries_and_no_warnings(tmp_path: Path) -> None:
    folder = write_pages(tmp_path / "en", {"intro.md": "# I\n"})
    language = Language("en", folder, "en/")
    toctree, warnings = read_toctree(tmp_path, language, _names(tmp_path, language))
    assert toctree.entries == () and warnings == []


def test_invalid_toctree_fails_only_that_languages_index(tmp_path: Path, capsys,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = make_docs(tmp_path, langs=("en", "ko"))
    (source / "ko" / "_toctree.yml").write_text("- local: intro\n  title: [oops\n", "utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "error: ko/_toctree.yml:" in err and "not valid YAML" in err
    assert (out / "ko" / "intro.ipynb").is_file()
    ko_index = (out / "ko" / "index.md").read_text(encoding="utf-8")
    assert "## " not in ko_index  # file order, no sections
    assert "## Start here" in (out / "en" / "index.md").read_text(encoding="utf-8")


def _nested(depth: int) -> str:
    """A toctree whose one page sits under ``depth`` levels of ``sections``."""
    lines = []
    for level in range(depth):
        pad = "  " * level
        lines += [f"{pad}- title: Level {level}", f"{pad}  sections:"]
    lines.append("  " * depth + "- local: intro")
    return "\n".join(lines) + "\n"


def test_sections_nested_600_deep_are_an_error_not_a_recursion_error() -> None:
    with pytest.raises(PageError, match=r"^en/_toctree.yml:101: sections nested more than "
                       r"50 deep"):
        parse_toctree(_nested(600), "en/_toctree.yml")
    deep_enough = parse_toctree(_nested(40), "en/_toctree.yml")
    assert [(e.local, e.section, e.line) for e in deep_enough.entries] == [
        ("intro", "Level 0", 81)]


def test_a_toctree_nested_too_deep_fails_its_index_not_the_build(tmp_path: Path, capsys,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    monkeypatch.chdir(tmp_path)
    source, out = make_docs(tmp_path), tmp_path / "out"
    (source / "en" / "_toctree.yml").write_text(_nested(600), encoding="utf-8")
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error: ")] == [
        "error: en/_toctree.yml:101: sections nested more than 50 deep; a table of contents "
        "is not that deep; the index lists this language's pages in file order"]
    assert (out / "en" / "intro.ipynb").is_file()
