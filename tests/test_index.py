"""The Colab index: every notebook of the manifest, toctree order, links per variant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.toctree import parse_toctree
from notebook_gen.builder.manifest import MANIFEST_NAME, PageRecord
from notebook_gen.builder.output.index import IndexLinks, index_files, repository_path
from notebook_gen.cli import main
from tests.buildtree import TOCTREE, make_docs

COLAB = "https://colab.research.google.com/github"


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _pages() -> dict[str, PageRecord]:
    return {
        "en/zeta.md": PageRecord("h", ["en/zeta.ipynb"], "Zeta page"),
        "en/extra.md": PageRecord("h", ["en/extra.ipynb"], None),
        "en/tasks/train.md": PageRecord(
            "h", ["en/pytorch/train.ipynb", "en/train.ipynb", "en/tensorflow/train.ipynb"],
            "Train"),
        "en/intro.md": PageRecord("h", ["en/intro.ipynb"], "Intro heading"),
    }


def test_toctree_order_first_then_other_pages_sorted_with_titles() -> None:
    toctree = parse_toctree(TOCTREE, "en/_toctree.yml")
    files = index_files(_pages(), {"en": "en/"}, {"en": toctree}, IndexLinks())
    lines = [line for line in files["en/index.md"].splitlines() if line.startswith(("-", "#"))]
    assert lines == [
        "# Notebooks (en)",
        "## Start here",
        "- **Welcome**: [Mixed](intro.ipynb)",
        "- **Training a model**: [Mixed](train.ipynb) · [PyTorch](pytorch/train.ipynb)"
        " · [TensorFlow](tensorflow/train.ipynb)",
        "## Other pages",
        "- **extra**: [Mixed](extra.ipynb)",
        "- **Zeta page**: [Mixed](zeta.ipynb)",
    ]


def test_entries_read_title_then_mixed_pytorch_tensorflow_jax() -> None:
    outputs = ["en/jax/flax.ipynb", "en/tensorflow/flax.ipynb", "en/flax.ipynb",
               "en/pytorch/flax.ipynb"]
    pages = {"en/flax.md": PageRecord("h", outputs, "Four ways")}
    links = IndexLinks("owner/docs", "main", "out")
    text = index_files(pages, {"en": "en/"}, {}, links)["en/index.md"]
    entry = next(line for line in text.splitlines() if line.startswith("- "))
    assert entry == ("- **Four ways**: "
                     f"[Mixed]({COLAB}/owner/docs/blob/main/out/en/flax.ipynb) · "
                     f"[PyTorch]({COLAB}/owner/docs/blob/main/out/en/pytorch/flax.ipynb) · "
                     f"[TensorFlow]({COLAB}/owner/docs/blob/main/out/en/tensorflow/flax.ipynb) · "
                     f"[JAX]({COLAB}/owner/docs/blob/main/out/en/jax/flax.ipynb)")
    assert "The links open the notebooks in Colab." in text
    relative = index_files(pages, {"en": "en/"}, {}, IndexLinks())["en/index.md"]
    assert "The links open the notebooks from this folder." in relative


@pytest.mark.parametrize(("given", "kept"), [("./out//nb/", "out/nb"), (".", ""), ("", ""),
                                             ("a/../b", "b")])
def test_notebooks_path_is_normalised(given: str, kept: str) -> None:
    assert IndexLinks("o/n", notebooks_path=given).notebooks_path == kept
    url = IndexLinks("o/n", notebooks_path=given).colab_url("en/x.ipynb")
    assert url == f"{COLAB}/o/n/blob/main/{kept + '/' if kept else ''}en/x.ipynb"


@pytest.mark.parametrize("given", ["..", "../out", "a/../../out", "/abs/out"])
def test_notebooks_path_leaving_the_repository_is_refused(given: str) -> None:
    with pytest.raises(ValueError, match="leaves the repository"):
        IndexLinks("o/n", notebooks_path=given)
    with pytest.raises(ValueError, match="leaves the repository"):
        repository_path(given)


def test_links_with_a_repository_open_in_colab() -> None:
    links = IndexLinks("owner/docs", "v2", "build/notebooks")
    files = index_files(_pages(), {"en": "en/"}, {}, links)
    url = f"{COLAB}/owner/docs/blob/v2/build/notebooks/en/pytorch/train.ipynb"
    assert f"[PyTorch]({url})" in files["en/index.md"]
    assert "The links open the notebooks in Colab." in files["en/index.md"]
    data = json.loads("".join(files["index.json"]))
    train = next(e for e in data["languages"]["en"] if e["page"] == "en/tasks/train.md")
    assert [nb["variant"] for nb in train["notebooks"]] == ["mixed", "pytorch", "tensorflow"]
    assert train["notebooks"][1] == {"variant": "pytorch", "path": "en/pytorch/train.ipynb",
                                     "gpu": False, "colab": url}
    assert data["repository"] == "owner/docs" and data["branch"] == "v2"


def test_without_repository_links_are_relative_and_json_has_no_colab() -> None:
    files = index_files(_pages(), {"en": "en/"}, {}, IndexLinks())
    assert COLAB not in files["en/index.md"]
    data = json.loads("".join(files["index.json"]))
    assert all(nb["colab"] is None for e in data["languages"]["en"] for nb in e["notebooks"])


def test_titles_are_escaped_for_markdown() -> None:
    pages = {"en/x.md": PageRecord("h", ["en/x.ipynb"], "Use [brackets] and *stars*")}
    text = index_files(pages, {"en": "en/"}, {}, IndexLinks())["en/index.md"]
    assert r"**Use \[brackets\] and \*stars\***" in text


def test_no_notebooks_no_index() -> None:
    assert index_files({}, {}, {}, IndexLinks()) == {}


def test_index_covers_the_whole_manifest_after_an_incremental_build(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path, langs=("en", "ko")), tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    full = json.loads((out / "index.json").read_text(encoding="utf-8"))
    (source / "ko" / "extra.md").write_text("# Changed\n\n[[open-in-colab]]\n", "utf-8")
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--lang", "ko",
                 "--page", "extra.md"]) == 0
    after = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert after["languages"]["en"] == full["languages"]["en"]
    assert len(after["languages"]["ko"]) == len(full["languages"]["ko"]) == 3


def test_index_files_are_recorded_and_removed_when_nothing_is_left(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["index_files"]) == ["en/index.md", "index.json"]
    for page in ("intro.md", "extra.md", "tasks/train.md"):
        (source / "en" / page).unlink()
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--clean"]) == 0
    assert not (out / "index.json").exists() and not (out / "en" / "index.md").exists()


def test_index_is_written_only_when_changed_and_checked(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    stamp = (out / "en" / "index.md").stat().st_mtime_ns
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert (out / "en" / "index.md").stat().st_mtime_ns == stamp
    (out / "index.json").write_text("{}\n", encoding="utf-8")
    assert main(["build", str(source), "-o", str(out), "--jobs", "1", "--check"]) == 1


def test_index_is_not_remade_when_nothing_it_lists_changed(tmp_path: Path, monkeypatch) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    made: list[object] = []
    from notebook_gen.builder.output import index as index_update

    real = index_update.index_files
    monkeypatch.setattr(index_update, "index_files", lambda *a: made.append(a) or real(*a))
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert made == []  # a no-op rebuild skips the index
    (out / "en" / "index.md").unlink()
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert len(made) == 1 and (out / "en" / "index.md").is_file()  # a lost file comes back
    (source / "en" / "extra.md").write_text("# Renamed\n\n[[open-in-colab]]\n", "utf-8")
    assert main(["build", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert "Renamed" in (out / "en" / "index.md").read_text(encoding="utf-8")
