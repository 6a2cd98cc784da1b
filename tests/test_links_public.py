"""Anchors as the site writes them: the shortest public path, read from the package's
exports with ``ast`` (``tests/fixtures/links/datasets``: a docs tree with its source)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.links.check import check_tree
from notebook_gen.links.exports import (
    PackageSource,
    anchor_spellings,
    find_package_source,
    public_path,
)
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.urls import LinkContext
from tests.test_links_support import FIXTURES

LIBRARY = FIXTURES / "datasets"
LIBRARY_DOCS = LIBRARY / "docs" / "source"


def _anchor_table() -> list[tuple[str, str]]:
    lines = (LIBRARY / "anchors.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("#", 1)[0].split() for line in lines if not line.startswith("#")]
    return [(row[0], row[1]) for row in rows if row]


@pytest.fixture(scope="module")
def source() -> PackageSource:
    found = find_package_source(LIBRARY_DOCS, "datasets")
    assert found is not None
    return found


@pytest.mark.parametrize(("written", "anchor"), _anchor_table())
def test_anchor_is_the_shortest_public_path(written: str, anchor: str,
                                            source: PackageSource) -> None:
    rel = written.removeprefix("datasets.")
    assert public_path(rel, "datasets", source) == anchor
    assert anchor_spellings(rel, "datasets", source) == (anchor,)  # known: one spelling


def test_exports_of_a_lazy_init(source: PackageSource) -> None:
    top = source.exports(())
    for name in ("Dataset", "DatasetDict", "load_dataset", "load_from_disk", "Image"):
        assert name in top
    assert "ImageDecodeMode" not in top
    features = source.exports(("features",))
    assert {"Image", "ImageDecodeMode", "Value"} <= features
    assert "Hidden" not in features


def test_without_the_source_the_anchor_is_the_path_as_written() -> None:
    rel = "models.bert.modeling_bert.BertOutput"
    assert public_path(rel, "transformers", None) == (
        "transformers.models.bert.modeling_bert.BertOutput")
    assert public_path("Trainer", "transformers", None) == "transformers.Trainer"
    # Unknown exports: the check accepts the top-level spelling the site may use too.
    assert anchor_spellings(rel, "transformers", None) == (
        "transformers.models.bert.modeling_bert.BertOutput", "transformers.BertOutput")
    assert anchor_spellings("utils.add_docstrings", "transformers", None) == (
        "transformers.utils.add_docstrings", "transformers.add_docstrings")
    assert anchor_spellings("Trainer", "transformers", None) == ("transformers.Trainer",)


@pytest.mark.parametrize("layout", ["src/lib", "lib"])
def test_the_source_is_found_beside_the_docs(tmp_path: Path, layout: str) -> None:
    repository = tmp_path / "repo"
    docs = repository / "docs" / "source"
    docs.mkdir(parents=True)
    (repository / layout).mkdir(parents=True)
    (repository / layout / "__init__.py").write_text("from .core import Thing\n")
    found = find_package_source(docs, "lib")
    assert found is not None and found.folder == (repository / layout).resolve()
    assert find_package_source(docs, "other") is None
    assert find_package_source(docs / "en", "lib") is not None  # a language folder as root


def test_no_source_above_the_repository(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("X = 1\n")
    project = tmp_path / "project"
    (project / "documentation").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    assert find_package_source(project / "documentation", "lib") is None


def test_unreadable_source_gives_no_exports(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("def broken(:\n")
    source = PackageSource("lib", tmp_path / "lib")
    assert source.exports(()) == frozenset()
    assert public_path("core.Thing", "lib", source) == "lib.core.Thing"


def test_check_accepts_the_site_anchors_and_flags_the_long_path(tmp_path: Path) -> None:
    copy = tmp_path / "datasets"
    shutil.copytree(LIBRARY, copy)
    page = copy / "docs" / "source" / "en" / "links.md"
    page.write_text(
        "[map](package_reference/main_classes#datasets.Dataset.map)\n"
        "[mode](package_reference/features#datasets.features.ImageDecodeMode)\n"
        "[old](package_reference/main_classes#datasets.arrow_dataset.Dataset)\n",
        encoding="utf-8")
    report = check_tree(tree_pages(copy / "docs" / "source"), "datasets")
    assert [str(b) for b in report.broken] == [
        "en/links.md:3: `package_reference/main_classes#datasets.arrow_dataset.Dataset`: "
        "no heading anchor `datasets.arrow_dataset.Dataset` in `en/package_reference/main_classes`"]


@pytest.mark.parametrize("with_source", [True, False])
def test_the_documented_package_links_to_its_public_paths(with_source: bool) -> None:
    source = find_package_source(LIBRARY_DOCS, "datasets") if with_source else None
    resolver = LinkResolver(Inventory.from_tree(tree_pages(LIBRARY_DOCS)), "datasets",
                            source=source)
    text, unresolved = resolver.rewrite(
        "[`~Dataset.map`] [`load_from_disk`] [`~features.image.ImageDecodeMode`]",
        LinkContext(package="datasets", page="index"))
    base = "https://huggingface.co/docs/datasets/main/en/package_reference/"
    # The package's top-level load_from_disk wins over Dataset's and DatasetDict's.
    # With the source, the shortest public path; without it, the path as written.
    mode = "datasets.features.ImageDecodeMode" if with_source else (
        "datasets.features.image.ImageDecodeMode")
    dataset = "datasets.Dataset" if with_source else "datasets.arrow_dataset.Dataset"
    loader = "datasets.load_from_disk" if with_source else "datasets.load.load_from_disk"
    assert text == (f"[map]({base}main_classes#{dataset}.map) "
                    f"[load\\_from\\_disk]({base}loading_methods#{loader}) "
                    f"[ImageDecodeMode]({base}features#{mode})")
    assert unresolved == []


@pytest.mark.parametrize("with_source", [True, False])
def test_the_build_says_where_api_anchors_come_from(with_source: bool) -> None:
    source = find_package_source(LIBRARY_DOCS, "datasets") if with_source else None
    resolver = LinkResolver(Inventory.from_tree(tree_pages(LIBRARY_DOCS)), "datasets",
                            source=source)
    (note,) = resolver.describe()
    if with_source:
        assert note.startswith("links: API anchors from the exports of ")
    else:
        assert note == ("links: no source of datasets beside the docs (src/datasets/ or "
                        "datasets/): API anchors follow the [[autodoc]] paths as written "
                        "(datasets.<path>)")
