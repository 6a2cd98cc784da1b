"""After any successful build, ``build --check`` exits 0 (issue 21, items 3 and 4).

- The versions of what shapes the output (notebook-gen and the libraries it parses with)
  are part of the manifest's key: another markdown-it-py converts every page again, and
  the notebooks themselves carry no version, so an upgrade that changes nothing rewrites
  no notebook. ``--check`` compares the notebooks the installed versions make (it always
  converts every page), not the versions themselves.
- A page deleted or renamed takes its notebooks with it in a plain build (no ``--clean``),
  when the manifest and the files' provenance show they are the build's own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.manifest import MANIFEST_NAME
from notebook_gen.builder.snapshot import content_digest
from notebook_gen.cli import main
from notebook_gen.version import __version__, output_versions
from tests.buildtree import EXTRA, make_docs, mtimes, tree_bytes


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def notebooks(out: Path) -> list[str]:
    return sorted(p for p in tree_bytes(out) if p.endswith(".ipynb"))


def recorded_versions(out: Path) -> dict[str, str]:
    return dict(json.loads((out / MANIFEST_NAME).read_text("utf-8"))["versions"])


def install_fake(site: Path, folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A distribution's metadata folder first on ``sys.path``, as an install would leave."""
    (site / folder).mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))


# --- 3. the versions that shape the output are part of the key ------------------------------

def test_the_versions_are_read_from_the_installed_distributions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    found = output_versions()
    assert found["notebook-gen"] == __version__
    for name in ("markdown-it-py", "mdit-py-plugins", "pyyaml"):
        assert found[name] == importlib.metadata.version(name), name
    install_fake(tmp_path / "site", "Markdown_It.py-0.0.1.dist-info", monkeypatch)
    assert output_versions()["markdown-it-py"] == "0.0.1"  # the first on sys.path, as import
    install_fake(tmp_path / "debian", "PyYAML-5.4.1-py3.11.egg-info", monkeypatch)
    assert output_versions()["pyyaml"] == "5.4.1"


def test_another_markdown_it_version_converts_every_page_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    assert build(source, out) == 0  # a no-op: the quick check settles it
    written = {path: stamp for path, stamp in mtimes(out).items() if path != MANIFEST_NAME}
    install_fake(tmp_path / "site", "markdown_it_py-0.0.1.dist-info", monkeypatch)
    capsys.readouterr()
    # What this markdown-it-py makes is what was committed: another machine's versions are
    # no reason for --check to fail, nor for a build to rewrite a notebook.
    assert build(source, out, "--check") == 0
    assert "3 pages converted" in capsys.readouterr().err
    assert build(source, out) == 0
    printed = capsys.readouterr()
    assert "versions: markdown-it-py 0.0.1 here, 4." in printed.out
    assert "every page is converted again" in printed.out
    assert "3 pages converted" in printed.err
    assert recorded_versions(out)["markdown-it-py"] == "0.0.1"
    assert {path: stamp for path, stamp in mtimes(out).items()
            if path != MANIFEST_NAME} == written  # same bytes: no notebook rewritten
    assert build(source, out, "--check") == 0
    assert "versions:" not in capsys.readouterr().out


def test_check_fails_when_another_version_makes_other_notebooks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """A notebook made by other versions is what --check finds when these make another."""
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    notebook = out / "en" / "intro.ipynb"
    made = notebook.read_text("utf-8")
    notebook.write_text(made.replace("Some words.", "Some other words."), encoding="utf-8")
    data = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    data["pages"]["en/intro.md"]["outputs"]["en/intro.ipynb"] = [
        notebook.stat().st_size, content_digest(notebook.read_bytes())]
    data["versions"]["markdown-it-py"] = "0.0.1"  # as the older parser made it
    (out / MANIFEST_NAME).write_text(json.dumps(data, indent=1), encoding="utf-8")
    capsys.readouterr()
    assert build(source, out, "--check") == 1
    printed = capsys.readouterr().out
    assert "versions: markdown-it-py 4." in printed
    assert "stale: en/intro.ipynb" in printed
    assert build(source, out) == 0
    assert notebook.read_text("utf-8") == made
    assert build(source, out, "--check") == 0


def test_an_older_manifest_version_converts_only_the_languages_built(tmp_path: Path,
                                                                       capsys) -> None:
    """A ``--lang`` build after an upgrade leaves the other language's pages marked as made
    by other versions: the next build converts them."""
    source, out = make_docs(tmp_path, langs=("en", "ko")), tmp_path / "out"
    assert build(source, out) == 0
    manifest = out / MANIFEST_NAME
    text = manifest.read_text("utf-8")
    found = f'"markdown-it-py": "{recorded_versions(out)["markdown-it-py"]}"'
    assert found in text
    manifest.write_text(text.replace(found, '"markdown-it-py": "0.0.1"'), encoding="utf-8")
    capsys.readouterr()
    assert build(source, out, "--check", "--lang", "ko") == 0  # same notebooks, same record
    assert "versions: markdown-it-py " in capsys.readouterr().out
    assert build(source, out, "--lang", "en") == 0
    assert "3 pages converted" in capsys.readouterr().err
    assert build(source, out) == 0
    assert "3 pages converted" in capsys.readouterr().err  # the ko pages
    assert build(source, out) == 0
    assert "0 pages converted" in capsys.readouterr().err
    assert build(source, out, "--check") == 0


def test_notebooks_carry_no_version_and_the_manifest_does(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    metadata = json.loads((out / "en" / "intro.ipynb").read_text("utf-8"))["metadata"]
    assert __version__ not in json.dumps(metadata)
    assert set(metadata["notebook_gen"]) == {"source", "variant", "frameworks", "source_sha256"}
    assert recorded_versions(out) == output_versions()


# --- 4. a page renamed or deleted: build removes its notebooks, --check agrees --------------

def test_a_renamed_page_takes_its_notebooks_without_clean(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "extra.md").rename(source / "en" / "more.md")
    capsys.readouterr()
    assert build(source, out) == 0
    printed = capsys.readouterr().out
    assert "removed the notebooks of 1 page that no longer exists: en/extra.md" in printed
    assert "3 written, 6 up to date, 3 removed" in printed
    made = notebooks(out)
    assert "en/more.ipynb" in made
    assert not [path for path in made if path.endswith("/extra.ipynb")]
    assert "extra" not in (out / "en" / "index.md").read_text("utf-8")
    assert build(source, out, "--check") == 0


def test_a_deleted_page_takes_its_notebooks_without_clean(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path, langs=("en", "ko")), tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "extra.md").unlink()
    (source / "ko" / "extra.md").unlink()
    capsys.readouterr()
    assert build(source, out, "--lang", "en") == 0  # another language's pages too
    assert "no longer exist: en/extra.md, ko/extra.md" in capsys.readouterr().out
    assert not [path for path in notebooks(out) if path.endswith("extra.ipynb")]
    assert build(source, out, "--check", "--lang", "en") == 0
    assert build(source, out) == 0  # the ko pages' links changed: a page is gone
    assert build(source, out, "--check") == 0
    assert "en/extra.md" not in json.loads((out / MANIFEST_NAME).read_text("utf-8"))["pages"]


def test_check_lists_the_notebooks_of_a_deleted_page_and_removes_none(tmp_path: Path,
                                                                      capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "extra.md").unlink()
    before = tree_bytes(out)
    capsys.readouterr()
    assert build(source, out, "--check") == 1
    assert "stale: en/extra.ipynb" in capsys.readouterr().out
    assert tree_bytes(out) == before


def test_a_deleted_pages_file_without_provenance_is_never_removed(tmp_path: Path,
                                                                  capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    mine = out / "en" / "extra.ipynb"
    mine.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    (source / "en" / "extra.md").unlink()
    capsys.readouterr()
    assert build(source, out) == 0
    assert "not removed: notebook-gen did not write it" in capsys.readouterr().err
    assert json.loads(mine.read_text("utf-8"))["metadata"] == {}
    assert not (out / "en" / "pytorch" / "extra.ipynb").exists()  # its own files: removed
    assert build(source, out, "--check") == 0


def test_a_page_that_lost_its_marker_keeps_its_notebooks_without_clean(tmp_path: Path
                                                                       ) -> None:
    """--clean keeps its meaning for pages that still exist: build and --check agree."""
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "extra.md").write_text(EXTRA.replace("[[open-in-colab]]", ""),
                                            encoding="utf-8")
    assert build(source, out) == 0
    assert "en/extra.ipynb" in notebooks(out)
    assert build(source, out, "--check") == 0
    assert build(source, out, "--check", "--clean") == 1
    assert build(source, out, "--clean") == 0
    assert "en/extra.ipynb" not in notebooks(out)
    assert build(source, out, "--check") == 0
