"""The build as a tool: incremental, parallel, atomic, --clean safe, --check for CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notebook_gen.builder.manifest import MANIFEST_NAME
from notebook_gen.builder.snapshot import SNAPSHOT_NAME
from notebook_gen.cli import main
from tests.buildtree import EXTRA, INTRO, make_docs, mtimes, tree_bytes, write_pages


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", *args])


def test_second_build_converts_nothing_and_leaves_mtimes(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    before = mtimes(out)
    capsys.readouterr()
    assert build(source, out) == 0
    assert mtimes(out) == before
    assert f"9 notebooks up to date in {out}/ (3 pages, 1 warning, " in capsys.readouterr().out


def test_touching_one_page_rebuilds_only_its_notebooks(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    before = mtimes(out)
    (source / "en" / "extra.md").write_text(EXTRA + "\nOne more line.\n", encoding="utf-8")
    assert build(source, out) == 0
    after = mtimes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {"en/extra.ipynb", "en/pytorch/extra.ipynb", "en/tensorflow/extra.ipynb",
                       MANIFEST_NAME, SNAPSHOT_NAME}


def test_force_reconverts_but_rewrites_nothing_unchanged(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    before = mtimes(out)
    capsys.readouterr()
    assert build(source, out, "--force") == 0
    after = mtimes(out)
    after.pop(SNAPSHOT_NAME), before.pop(SNAPSHOT_NAME)  # this machine's stamps: written again
    assert after == before
    assert f"9 notebooks up to date in {out}/" in capsys.readouterr().out


def test_jobs_1_and_jobs_2_write_identical_trees(tmp_path: Path) -> None:
    extra = {f"en/page_{n:02d}.md": INTRO.replace("Intro", f"Page {n}") for n in range(12)}
    source = make_docs(tmp_path, langs=("en", "ko"), extra=extra)
    assert main(["build", str(source), "-o", str(tmp_path / "one"), "--jobs", "1"]) == 0
    assert main(["build", str(source), "-o", str(tmp_path / "two"), "--jobs", "2"]) == 0
    one, two = tree_bytes(tmp_path / "one"), tree_bytes(tmp_path / "two")
    assert len(one) > 20
    assert one == two


@pytest.mark.parametrize("flags", [(), ("--clean",)])
def test_a_build_removes_notebooks_of_a_deleted_page_only(tmp_path: Path, capsys,
                                                          flags: tuple[str, ...]) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    mine = out / "en" / "notes.ipynb"
    mine.write_text("{}", encoding="utf-8")
    (out / "en" / "pytorch" / "keep.txt").write_text("mine", encoding="utf-8")
    (source / "en" / "extra.md").unlink()
    assert build(source, out, *flags) == 0
    assert not (out / "en" / "extra.ipynb").exists()
    assert mine.read_text(encoding="utf-8") == "{}"
    assert (out / "en" / "pytorch" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert "3 removed" in capsys.readouterr().out


def test_clean_never_removes_a_file_it_did_not_create(tmp_path: Path) -> None:
    """A notebook at a generated path that the manifest does not list is left alone."""
    source, out = make_docs(tmp_path), tmp_path / "out"
    (out / "en").mkdir(parents=True)
    foreign = out / "en" / "old_page.ipynb"
    foreign.write_text("{}", encoding="utf-8")
    (out / "en" / "index.md").write_text("# My own index\n", encoding="utf-8")
    assert build(source, out, "--clean") == 1  # the index would overwrite a foreign file
    assert foreign.read_text(encoding="utf-8") == "{}"
    assert (out / "en" / "index.md").read_text(encoding="utf-8") == "# My own index\n"


def test_page_losing_a_variant_loses_that_notebook(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out, "--variants", "present") == 0
    assert (out / "en" / "tensorflow" / "train.ipynb").is_file()
    assert not (out / "en" / "tensorflow" / "intro.ipynb").exists()
    (source / "en" / "tasks" / "train.md").write_text(INTRO, encoding="utf-8")
    assert build(source, out, "--variants", "present") == 0
    assert not (out / "en" / "tensorflow" / "train.ipynb").exists()


def test_every_converted_page_has_the_three_notebooks_of_the_site_menu(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    for page in ("intro", "extra", "train"):
        for folder in ("en", "en/pytorch", "en/tensorflow"):
            assert (out / folder / f"{page}.ipynb").is_file(), f"{folder}/{page}"
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["pages"]["en/intro.md"]["outputs"]) == [
        "en/intro.ipynb", "en/pytorch/intro.ipynb", "en/tensorflow/intro.ipynb"]
    index = (out / "en" / "index.md").read_text(encoding="utf-8")
    assert "tensorflow/intro.ipynb" in index


def test_check_exits_0_when_current_and_1_listing_stale_files(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    capsys.readouterr()
    assert build(source, out, "--check") == 0
    assert f"check: 9 notebooks up to date in {out}/" in capsys.readouterr().out
    (source / "en" / "extra.md").write_text(EXTRA + "\nChanged.\n", encoding="utf-8")
    (source / "en" / "intro.md").unlink()
    before = tree_bytes(out)
    assert build(source, out, "--check") == 1
    printed = capsys.readouterr().out
    assert "stale: en/extra.ipynb" in printed
    assert "stale: en/intro.ipynb" in printed
    assert "stale: en/index.md" in printed
    assert tree_bytes(out) == before


def test_check_reports_a_manifest_that_a_build_would_rewrite(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    manifest = out / MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"inputs": "', '"inputs": "0'),
                        encoding="utf-8")
    capsys.readouterr()
    assert build(source, out, "--check") == 1
    assert f"stale: {MANIFEST_NAME}" in capsys.readouterr().out
    assert build(source, out) == 0
    assert build(source, out, "--check") == 0


def test_a_notebook_given_crlf_line_endings_is_rewritten_as_check_wants_it(tmp_path: Path
                                                                           ) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    notebook = out / "en" / "intro.ipynb"
    notebook.write_bytes(notebook.read_bytes().replace(b"\n", b"\r\n"))
    assert build(source, out) == 0
    assert b"\r" not in notebook.read_bytes()
    assert build(source, out, "--check") == 0


def test_check_on_an_empty_output_folder_lists_everything(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out, "--check") == 1
    assert not out.exists() or not any(out.iterdir())
    assert "stale: en/tasks" not in capsys.readouterr().out  # paths are flat per variant


def test_lang_and_page_filters(tmp_path: Path) -> None:
    source = make_docs(tmp_path, langs=("en", "ko"))
    out = tmp_path / "out"
    assert build(source, out, "--lang", "ko", "--page", "tasks/*") == 0
    made = sorted(p for p in tree_bytes(out) if p.endswith(".ipynb"))
    assert made == ["ko/pytorch/train.ipynb", "ko/tensorflow/train.ipynb", "ko/train.ipynb"]
    assert build(source, out, "--lang", "en") == 0
    made = sorted(p for p in tree_bytes(out) if p.endswith(".ipynb"))
    assert "en/intro.ipynb" in made and "ko/intro.ipynb" not in made
    assert "ko/train.ipynb" in made  # other languages' notebooks stay


def test_settings_come_from_pyproject_and_the_command_line_wins(tmp_path: Path) -> None:
    source = make_docs(tmp_path, langs=("en", "ko"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.notebook-gen]\nsource = "docs/source"\nout = "built"\nlang = "ko"\n'
        'all_pages = true\nrepository = "me/docs"\nbranch = "pages"\n', encoding="utf-8")
    write_pages(source, {"ko/unmarked.md": "# Unmarked\n"})
    assert main(["build", "--jobs", "1"]) == 0
    built = tree_bytes(tmp_path / "built")
    assert "ko/unmarked.ipynb" in built and "en/intro.ipynb" not in built
    index = built["ko/index.md"].decode()
    assert "https://colab.research.google.com/github/me/docs/blob/pages/built/ko/intro.ipynb" \
        in index
    assert main(["build", "--jobs", "1", "--lang", "en", "--branch", "dev"]) == 0
    index = (tmp_path / "built" / "en" / "index.md").read_text(encoding="utf-8")
    assert "/me/docs/blob/dev/built/en/intro.ipynb" in index


def test_summary_groups_warnings_at_the_end(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    captured = capsys.readouterr()
    assert "1 warning in 1 file (toctree 1):\n" in captured.err
    assert "en/_toctree.yml:8: entry 'missing_page' has no page" in captured.err
    *notes, summary = captured.out.splitlines()  # the build's notes, then one summary line
    assert [note.split(":")[0] for note in notes] == ["settings", "index", "package",
                                                      "install cells"]
    assert summary.startswith(f"9 notebooks in {out}/: 9 written, index updated (3 pages, "
                              "1 warning, ")
    assert summary.endswith(" s)")


def test_non_tty_progress_is_one_line_per_stage(tmp_path: Path, capsys) -> None:
    extra = {f"en/many/p{n:03d}.md": EXTRA for n in range(200)}
    source, out = make_docs(tmp_path, extra=extra), tmp_path / "out"
    assert build(source, out) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"checking 203 pages of {source}; converting those that changed",
                       f"203 pages converted; checking the index in {out}/"]
    assert not any("/203" in line for line in err)


@pytest.mark.parametrize("repository", [True, False], ids=["in-a-repository", "no-repository"])
def test_the_docs_root_as_typed_never_changes_a_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repository: bool) -> None:
    """Relative, absolute, or from another working folder: the same tree, the same bytes."""
    source = make_docs(tmp_path)
    if repository:
        (tmp_path / ".git").mkdir()
    assert main(["build", "docs/source", "-o", "relative", "--jobs", "1"]) == 0
    assert main(["build", str(source.resolve()), "-o", str(tmp_path / "absolute"),
                 "--jobs", "1"]) == 0
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["build", "source", "-o", "../elsewhere", "--jobs", "1"]) == 0
    relative, absolute, elsewhere = (tree_bytes(tmp_path / folder) for folder in (
        "relative", "absolute", "elsewhere"))
    for files in (relative, absolute, elsewhere):
        files.pop(SNAPSHOT_NAME)  # this machine's stamps: never committed
    assert len(relative) > 9
    assert absolute == relative
    assert elsewhere == relative
    meta = json.loads(relative["en/intro.ipynb"])["metadata"]["notebook_gen"]
    assert meta["source"] == "en/intro.md"
    assert meta.get("docs_root") == ("docs/source" if repository else None)


def test_pages_are_selected_as_they_are_converted(tmp_path: Path) -> None:
    """A CRLF page is selected like its LF twin; a marker shown in a fence selects nothing."""
    source = make_docs(tmp_path)
    (source / "en" / "windows.md").write_bytes(EXTRA.replace("Extra", "Windows")
                                               .replace("\n", "\r\n").encode())
    (source / "en" / "guide.md").write_text(
        "# Guide\n\nWrite the marker on a line of its own:\n\n```md\n[[open-in-colab]]\n```\n",
        encoding="utf-8")
    out = tmp_path / "out"
    assert build(source, out) == 0
    assert (out / "en" / "windows.ipynb").is_file()
    assert not (out / "en" / "guide.ipynb").exists()
    assert build(source, out, "--all") == 0
    guide = json.loads((out / "en" / "guide.ipynb").read_text(encoding="utf-8"))
    assert "[[open-in-colab]]" in "".join(guide["cells"][-1]["source"])


@pytest.mark.parametrize("package", ["", "toylib"], ids=["package-from-folder", "package-set"])
def test_a_build_that_converts_nothing_leaves_no_output_folder(tmp_path: Path,
                                                               package: str) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/page.md": "# Unmarked\n\nWords.\n"})
    if package:  # a package that is not a folder's name: the build leaves a snapshot
        (tmp_path / "pyproject.toml").write_text(
            f'[tool.notebook-gen]\npackage = "{package}"\n', encoding="utf-8")
    out = tmp_path / "deep" / "out"
    for _ in range(2):
        assert build(source, out) == 0
        assert not out.exists()
    out.mkdir(parents=True)
    (out / "README.md").write_text("# Mine\n", encoding="utf-8")
    assert build(source, out) == 0
    assert [path.name for path in out.iterdir()] == ["README.md"]
    assert build(source, out, "--all") == 0
    assert (out / MANIFEST_NAME).is_file() and (out / "en" / "page.ipynb").is_file()
