"""References into another library (``--external NAME=DOCS_SOURCE``): cases from
``fixtures/links/external.txt``, the JSON inventory that ``links --export-inventory``
writes, and the errors a bad one gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.errors import PageError
from notebook_gen.links.api import ApiIndex
from notebook_gen.links.exports import find_package_source
from notebook_gen.links.external import (
    FORMAT,
    ExternalDocs,
    ExternalSpec,
    dump_inventory,
    load_external,
    read_inventory,
    specs_from_setting,
)
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.resolve import LinkResolver
from tests.test_links_public import LIBRARY_DOCS
from tests.test_links_support import (
    DOCS,
    FIXTURES,
    PACKAGE,
    Case,
    check_rewrite,
    context,
    read_cases,
)

CASES = read_cases(FIXTURES / "external.txt")


def _load(source: Path) -> ExternalDocs:
    return load_external(ExternalSpec("datasets", source), tree_pages)


def _resolver(external: ExternalDocs) -> LinkResolver:
    return LinkResolver(Inventory.from_tree(tree_pages(DOCS)), PACKAGE, externals=[external])


@pytest.fixture(scope="module")
def from_folder() -> ExternalDocs:
    return _load(LIBRARY_DOCS)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inventory = Inventory.from_tree(tree_pages(LIBRARY_DOCS))
    index = ApiIndex(inventory, "datasets", source=find_package_source(LIBRARY_DOCS, "datasets"))
    path = tmp_path_factory.mktemp("inventory") / "datasets.json"
    path.write_text(dump_inventory(inventory, index, exact=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("origin", ["folder", "json"])
@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_external_case(case: Case, origin: str, from_folder: ExternalDocs,
                       exported: Path) -> None:
    external = from_folder if origin == "folder" else _load(exported)
    check_rewrite(case, _resolver(external))


def test_the_json_inventory_keeps_entries_and_anchors(from_folder: ExternalDocs,
                                                      exported: Path) -> None:
    stored = read_inventory(exported)
    assert stored.package == "datasets" and stored.exact
    assert set(stored.inventory.entries) == {
        e.__class__(e.name, e.lang, e.page, 0, e.members) for e in from_folder.inventory.entries}
    assert stored.anchors == dict(from_folder.anchors)
    assert stored.anchors["features.image.ImageDecodeMode"] == "datasets.features.ImageDecodeMode"


def test_the_external_version_comes_from_the_spec(exported: Path) -> None:
    spec = ExternalSpec.parse(f"datasets@v2.16.0={exported}")
    assert (spec.name, spec.version, spec.source) == ("datasets", "v2.16.0", exported)
    text, _ = _resolver(load_external(spec, tree_pages)).rewrite(
        "[`~datasets.Dataset`]", context(Case("x", {"context": ["page=index"]})))
    assert "/docs/datasets/v2.16.0/en/package_reference/main_classes#datasets.Dataset)" in text


@pytest.mark.parametrize("text", ["datasets", "=x", "data sets=x", "datasets="])
def test_a_bad_spec_is_a_usage_error(text: str) -> None:
    with pytest.raises(PageError, match="NAME=DOCS_SOURCE"):
        ExternalSpec.parse(text)


def test_the_settings_table() -> None:
    specs = specs_from_setting(
        {"datasets": "../d/docs/source", "hub": {"source": "hub.json", "version": "v1"}},
        "pyproject.toml")
    assert specs == [ExternalSpec("datasets", Path("../d/docs/source")),
                     ExternalSpec("hub", Path("hub.json"), "v1")]
    with pytest.raises(PageError, match=r"pyproject.toml: external.hub: expected NAME="):
        specs_from_setting({"hub": {"version": "v1"}}, "pyproject.toml")
    with pytest.raises(PageError, match="expected a table"):
        specs_from_setting(["datasets"], "pyproject.toml")


def test_names_must_match_and_sources_exist(exported: Path, tmp_path: Path) -> None:
    with pytest.raises(PageError, match=r"the inventory of `datasets`, given as --external hub"):
        load_external(ExternalSpec("hub", exported), tree_pages)
    with pytest.raises(PageError, match="no such docs folder or inventory file"):
        load_external(ExternalSpec("hub", tmp_path / "absent"), tree_pages)
    (tmp_path / "index.md").write_text("# Only a guide\n", encoding="utf-8")
    with pytest.raises(PageError, match=r"holds no \[\[autodoc\]\] directive"):
        load_external(ExternalSpec("hub", tmp_path), tree_pages)


def _valid() -> dict[str, Any]:
    return {"format": FORMAT, "format_version": 1, "package": "hub", "anchors": "guess",
            "objects": [{"name": "hub.Api", "anchor": "hub.Api", "lang": "en",
                         "page": "reference/api", "members": ["get"]}]}


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    document = _valid()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(("document", "message"), [
    ([], 'not a notebook-gen inventory (no "format": "notebook-gen-inventory")'),
    (_with(["format"], "sphinx"), "not a notebook-gen inventory"),
    (_with(["format_version"], 2), "inventory format 2 is newer than this notebook-gen reads (1)"),
    (_with(["format_version"], "1"), '"format_version": expected an integer'),
    (_with(["package"], "my-lib"), '"package": expected a Python package name'),
    (_with(["anchors"], "maybe"), '"anchors": expected "source" or "guess"'),
    (_with(["objects"], {}), '"objects": expected a list'),
    (_with(["objects", 0], "hub.Api"), "objects[0]: expected an object"),
    (_with(["objects", 0, "page"], 3), "objects[0].page: expected a string, got 3"),
    (_with(["objects", 0, "page"], "../../etc"), 'objects[0].page: expected a page path inside'),
    (_with(["objects", 0, "lang"], None), "objects[0].lang: missing"),
    (_with(["objects", 0, "anchor"], "hub Api"), "objects[0].anchor: expected a dotted"),
    (_with(["objects", 0, "members"], [1]), "objects[0].members: expected a list of member"),
])
def test_a_bad_inventory_names_the_file_and_the_problem(document: Any, message: str,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "hub.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PageError) as raised:
        read_inventory(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_invalid_json_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "hub.json"
    path.write_text('{\n  "format": "notebook-gen-inventory",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(PageError, match=r"hub.json:3: not valid JSON"):
        read_inventory(path)
    assert read_inventory(_write(tmp_path / "ok.json", _valid())).inventory.entries[0].members == (
        "get",)


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
