"""The API inventory read from the fixture docs tree."""

from __future__ import annotations

from pathlib import Path

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.links.inventory import ApiEntry, Inventory, scan_autodoc
from notebook_gen.links.scanner import blank_fences, prose_lines
from tests.test_links_support import DOCS


def test_directives_members_and_pages_of_every_language() -> None:
    inventory = Inventory.from_tree(tree_pages(DOCS))
    found = {(e.lang, e.page, e.name, e.members) for e in inventory.entries}
    assert found == {
        ("en", "main_classes/trainer", "Trainer", ("train", "evaluate")),
        ("en", "main_classes/trainer", "TrainingArguments", ("all",)),
        ("en", "main_classes/trainer", "toylib.pipeline", ()),
        ("en", "model_doc/toy", "ToyConfig", ()),
        ("en", "model_doc/toy", "ToyModel", ("forward",)),
        ("en", "model_doc/toy", "TFToyModel", ("call",)),
        ("en", "model_doc/toy", "models.toy.modeling_toy.ToyOutput", ()),
        ("en", "model_doc/toy", "models.toy.modeling_toy.TFToyOutput", ("forward",)),
        ("ko", "main_classes/trainer", "Trainer", ()),
    }
    assert inventory.has_page("ko", "tasks/asr")
    assert not inventory.has_page("ko", "training")
    assert inventory.languages() == ("en", "ko")


def test_directive_lines_are_recorded() -> None:
    entries = Inventory.from_tree(tree_pages(DOCS)).entries
    entry = next(e for e in entries if e.name == "TrainingArguments")
    assert entry.line == 11
    assert entry.lists_every_member
    assert not ApiEntry("X", "en", "p", 1, ("forward",)).lists_every_member


def test_a_root_without_language_folders_is_one_en_language(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.md").write_text("[[autodoc]] thing.Thing\n", encoding="utf-8")
    (tmp_path / "guide" / "start.mdx").write_text("# Start\n", encoding="utf-8")
    assert tree_pages(tmp_path).folders == {"en": tmp_path}
    inventory = Inventory.from_tree(tree_pages(tmp_path))
    assert inventory.pages == {("en", "index"), ("en", "guide/start")}
    assert [e.name for e in inventory.entries] == ["thing.Thing"]


def test_fences_of_every_kind_are_skipped() -> None:
    text = "a\n```py\nb\n```\n  ~~~\n  c\n  ~~~\n````md\n```\nd\n````\ne\n```\nunclosed"
    assert [line for _, line in prose_lines(text)] == ["a", "e"]
    assert blank_fences(text).splitlines()[11] == "e"


def test_directives_without_a_space_or_several_on_a_line_are_directives() -> None:
    text = ("# Page\n\n[[autodoc]]toylib.Alpha\n\n[[autodoc]] Beta [[autodoc]]Gamma\n"
            "    - forward\n\nSee [[autodoc]] in prose, not a directive.\n")
    entries = [(e.name, e.line, e.members) for e in scan_autodoc(text, "en", "page")]
    assert entries == [("toylib.Alpha", 3, ()), ("Beta", 5, ()), ("Gamma", 5, ("forward",))]
