"""A build under hostile conditions never loses or misreports a notebook (issue 13, items 1
to 5 and 8; the ``--clean`` rule of issue 15; file modes of issue 11).

Signals, orphaned workers, the output lock and the worker count are in
``tests/test_build_processes.py`` (they need a build in another process).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from notebook_gen.atomic import temp_name
from notebook_gen.builder import manifest as manifest_module
from notebook_gen.builder.manifest import MANIFEST_NAME
from notebook_gen.builder.output.folder import is_temp_name
from notebook_gen.cli import main
from tests.buildtree import EXTRA, INTRO, make_docs, tree_bytes, write_pages

PLAIN = "# Plain page\n\nNo marker here.\n\n```py\nplain = 2\n```\n"


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def build(source: Path, out: Path, *args: str) -> int:
    """One notebook per page without framework blocks (``--variants present``), so that the
    counts below are about safety, not about the site's three-notebook layout."""
    return main(["build", str(source), "-o", str(out), "--jobs", "1", "--variants", "present",
                 *args])


def notebooks(out: Path) -> list[str]:
    return sorted(p for p in tree_bytes(out) if p.endswith(".ipynb"))


def provenance(path: Path) -> str:
    return str(json.loads(path.read_text("utf-8"))["metadata"]["notebook_gen"]["source"])


def temp_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.tmp"))


# --- 1. --clean never removes a path claimed in this build ----------------------------------

def test_clean_keeps_the_notebook_that_a_moved_page_has_just_written(tmp_path: Path) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/a/foo.md": EXTRA, "en/b/x.md": INTRO})
    out = tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "a" / "foo.md").rename(source / "en" / "b" / "foo.md")
    assert build(source, out, "--clean") == 0
    assert (out / "en" / "foo.ipynb").is_file()
    assert provenance(out / "en" / "foo.ipynb") == "en/b/foo.md"
    assert build(source, out, "--clean") == 0  # and later builds still have it
    assert (out / "en" / "foo.ipynb").is_file()


def test_clean_after_the_source_root_changes_keeps_every_notebook(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    written = notebooks(out)
    # The language folder itself as the root: every page's name changes (en/intro.md ->
    # intro.md), every notebook keeps its path.
    assert build(source / "en", out, "--clean") == 0
    assert notebooks(out) == written


def test_a_notebook_name_taken_over_by_another_page_is_not_removed(tmp_path: Path) -> None:
    """A new ``en/foo.md`` takes the plain name from ``en/sub/foo.md`` (now ``sub-foo``):
    the older page drops ``en/foo.ipynb``, which the new page has just written. Removals
    wait until every page has claimed its paths."""
    source = write_pages(tmp_path / "docs" / "source", {"en/sub/foo.md": INTRO})
    out = tmp_path / "out"
    assert build(source, out) == 0
    write_pages(source, {"en/foo.md": EXTRA})
    assert build(source, out) == 0
    assert notebooks(out) == ["en/foo.ipynb", "en/sub-foo.ipynb"]
    assert provenance(out / "en" / "foo.ipynb") == "en/foo.md"


# --- 2. the incremental check trusts no output it has not seen ------------------------------

def test_a_notebook_deleted_by_hand_is_written_again(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    kept = (out / "en" / "intro.ipynb").read_bytes()
    (out / "en" / "intro.ipynb").unlink()
    capsys.readouterr()
    assert build(source, out) == 0
    assert (out / "en" / "intro.ipynb").read_bytes() == kept
    assert ": 1 written, 4 up to date (" in capsys.readouterr().out


def test_an_edited_notebook_of_an_unchanged_page_is_written_again(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    notebook = out / "en" / "extra.ipynb"
    kept = notebook.read_bytes()
    notebook.write_bytes(kept.replace(b"total", b"TOTAL"))  # same size, other bytes
    assert build(source, out) == 0
    assert notebook.read_bytes() == kept


def test_interrupted_build_then_reverted_page_restores_the_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    kept = (out / "en" / "extra.ipynb").read_bytes()
    page = source / "en" / "extra.md"
    page.write_text(EXTRA + "\nAn edit that is reverted.\n", encoding="utf-8")

    def killed(*_args: object, **_kwargs: object) -> bool:
        raise KeyboardInterrupt  # the build dies after the notebook, before the manifest

    monkeypatch.setattr(manifest_module.Manifest, "save", killed)
    assert build(source, out) == 130
    assert (out / "en" / "extra.ipynb").read_bytes() != kept
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    page.write_text(EXTRA, encoding="utf-8")  # git checkout
    assert build(source, out) == 0
    assert (out / "en" / "extra.ipynb").read_bytes() == kept


# --- 3. a tampered manifest deletes only files with the tool's provenance -------------------

def _add_outputs(entry: dict[str, object], key: str, paths: list[str]) -> None:
    listed = entry[key]
    if isinstance(listed, list):
        listed.extend(paths)
    else:
        assert isinstance(listed, dict)
        listed.update({path: [4, "0" * 32] for path in paths})


@pytest.mark.parametrize("flags", [(), ("--clean",)])
def test_tampered_manifest_deletes_no_file_without_provenance(tmp_path: Path,
                                                             flags: tuple[str, ...]) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    foreign = {"README.md": "# Mine\n", ".git/config": "[core]\n",
               "en/mine.ipynb": json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                            "nbformat_minor": 5}),
               "en/index.json": "{}"}
    write_pages(out, foreign)
    data = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    _add_outputs(data["pages"]["en/intro.md"], "outputs", sorted(foreign))
    gone = {"inputs": "0", "outputs": type(data["pages"]["en/extra.md"]["outputs"])(),
            "title": None}
    _add_outputs(gone, "outputs", sorted(foreign))
    data["pages"]["en/gone.md"] = gone
    _add_outputs(data, "index_files", sorted(foreign))
    (out / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    (source / "en" / "intro.md").write_text(INTRO + "\nChanged.\n", encoding="utf-8")
    build(source, out, *flags)
    for relative, text in foreign.items():
        assert (out / relative).read_text("utf-8") == text, relative
    assert (out / "en" / "intro.ipynb").is_file()


# --- 4. a malformed manifest is an empty one, with one warning ------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("text", [
    "[]", '"x"', "null", "{", DEEP, '{"format": "FORMAT", "pages": []}',
    '{"format": "FORMAT", "pages": {"en/intro.md": {"inputs": 5, "outputs": "en/x"}}}',
    '{"format": "FORMAT", "pages": {"en/intro.md": {"inputs": "a", "outputs": {"en/x": 1}}}}',
    '{"format": "FORMAT", "pages": {}, "index_files": 7}',
    '{"format": "FORMAT", "pages": {"en/intro.md": {"inputs": "a", "outputs": {},'
    ' "warnings": [[1]]}}}',
    '{"format": "FORMAT", "pages": {}, "versions": {"markdown-it-py": 4}}',
], ids=["list", "string", "null", "truncated", "deep", "pages-list", "inputs-int",
        "stamp-int", "index-int", "warning-short", "versions-int"])
def test_malformed_manifest_is_treated_as_empty_with_one_warning(tmp_path: Path, capsys,
                                                                 text: str) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    out.mkdir()
    text = text.replace('"FORMAT"', str(manifest_module.FORMAT))
    (out / MANIFEST_NAME).write_text(text, encoding="utf-8")
    assert build(source, out) == 0
    assert len(notebooks(out)) == 5
    err = capsys.readouterr().err
    mentions = [line for line in err.splitlines() if MANIFEST_NAME in line]
    assert len(mentions) == 1, err
    assert "treated as empty" in mentions[0]
    json.loads((out / MANIFEST_NAME).read_text("utf-8"))  # replaced by a good one


# --- 5. temporary files of a killed build ---------------------------------------------------

DEBRIS = ["en/.intro.ipynb.k3j4h5g6.tmp", "en/pytorch/.train.ipynb.0a1b2c3d.tmp",
          f".{MANIFEST_NAME}.zz99_x1q.tmp"]
NOT_DEBRIS = ["en/notes.tmp", "en/.notes.tmp", "keep/.x.ipynb.k3j4h5g6.tmp"]


@pytest.mark.parametrize("flags", [(), ("--clean",)])
def test_temporary_files_of_a_killed_build_are_removed(tmp_path: Path, capsys,
                                                       flags: tuple[str, ...]) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    write_pages(out, dict.fromkeys(DEBRIS + NOT_DEBRIS, "half a notebook"))
    capsys.readouterr()
    assert build(source, out, *flags) == 0
    assert temp_files(out) == sorted(NOT_DEBRIS)
    assert "3 temporary files" in capsys.readouterr().out


def test_check_reports_temporary_files_and_removes_none(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    write_pages(out, dict.fromkeys(DEBRIS + NOT_DEBRIS, "half a notebook"))
    capsys.readouterr()
    assert build(source, out, "--check") == 1
    printed = capsys.readouterr().out
    assert all(f"stale: {relative}" in printed for relative in DEBRIS)
    assert temp_files(out) == sorted(DEBRIS + NOT_DEBRIS)


# --- 8. filesystem errors are errors for one path; the other pages convert ------------------

def _errors(err: str) -> list[str]:
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("error: ")]


def test_output_path_that_is_a_file_is_an_error(tmp_path: Path, capsys) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    out.write_text("a file", encoding="utf-8")
    assert build(source, out) == 1
    assert _errors(capsys.readouterr().err) == [f"error: {out}: is a file, not a folder"]
    assert out.read_text("utf-8") == "a file"


def _deny_writes_in_read_only_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores folder permissions: make creating a file in a folder without write
    permission fail as it does for any other user."""
    if os.geteuid() != 0:
        return
    real_open = os.open

    def user_open(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        folder = os.path.dirname(os.fspath(path))
        if flags & os.O_CREAT and not os.stat(folder).st_mode & stat.S_IWUSR:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", user_open)


def test_read_only_output_folder_is_an_error_for_its_files(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = make_docs(tmp_path, langs=("en", "ko")), tmp_path / "out"
    assert build(source, out) == 0
    for lang in ("en", "ko"):
        page = source / lang / "extra.md"
        page.write_text(EXTRA + "\nChanged.\n", encoding="utf-8")
    (out / "ko").chmod(0o555)
    _deny_writes_in_read_only_folders(monkeypatch)
    try:
        capsys.readouterr()
        assert build(source, out) == 1
    finally:
        (out / "ko").chmod(0o755)
    errors = _errors(capsys.readouterr().err)
    assert errors == [f"error: {out / 'ko' / 'extra.ipynb'}: cannot write: Permission denied"]
    assert b"Changed." in (out / "en" / "extra.ipynb").read_bytes()
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert build(source, out) == 0  # retried: the page was not recorded as done
    assert b"Changed." in (out / "ko" / "extra.ipynb").read_bytes()


def test_full_disk_is_an_error_for_that_file_and_the_others_convert(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    before = tree_bytes(out)
    for rel in ("en/intro.md", "en/extra.md", "en/tasks/train.md"):
        page = source / rel
        page.write_text(page.read_text(encoding="utf-8") + "\nNew text.\n", encoding="utf-8")
    real_replace = os.replace

    def full_for_extra(src: str, dst: str) -> None:
        if str(dst).endswith("extra.ipynb"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_for_extra)
    capsys.readouterr()
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors == [f"error: {out / 'en' / 'extra.ipynb'}: cannot write: "
                      "No space left on device"]
    assert (out / "en" / "extra.ipynb").read_bytes() == before["en/extra.ipynb"]  # old, whole
    assert b"New text." in (out / "en" / "intro.ipynb").read_bytes()
    assert temp_files(out) == []
    monkeypatch.setattr(os, "replace", real_replace)
    assert build(source, out) == 0
    assert b"New text." in (out / "en" / "extra.ipynb").read_bytes()
    assert build(source, out, "--check") == 0


def test_page_names_near_the_length_limit(tmp_path: Path, capsys) -> None:
    """A notebook name of 253 bytes is written (its temporary name is shortened); one of
    258 bytes cannot exist, and is an error for that page alone."""
    long_ok, too_long = "p" * 247, "q" * 252
    source = write_pages(tmp_path / "docs" / "source", {
        f"en/{long_ok}.md": INTRO, f"en/{too_long}.md": INTRO, "en/short.md": EXTRA})
    out = tmp_path / "out"
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors == [f"error: {out / 'en' / too_long}.ipynb: cannot write: File name too long"]
    assert notebooks(out) == [f"en/{long_ok}.ipynb", "en/short.ipynb"]
    assert temp_files(out) == []


@pytest.mark.parametrize("name", ["p" * 250 + ".ipynb", "\u00e9" * 125 + ".ipynb", "a.ipynb"])
def test_temporary_names_fit_the_limit_and_are_recognised(name: str) -> None:
    temp = temp_name(name)
    assert len(os.fsencode(temp)) <= 255
    temp.encode("utf-8")  # cut between characters, not inside one
    assert is_temp_name(temp)
    assert not is_temp_name(name) and not is_temp_name(".notes.tmp")


def test_non_utf8_file_name_is_an_error_for_that_page(tmp_path: Path, capsys) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/good.md": INTRO})
    with open(os.fsencode(source / "en") + b"/caf\xe9.md", "w", encoding="utf-8") as page:
        page.write(EXTRA)
    out = tmp_path / "out"
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors == ["error: en/caf\\xe9.md: file name is not valid UTF-8; not converted "
                      "(rename the file)"]
    assert notebooks(out) == ["en/good.ipynb"]


def test_non_utf8_language_folder_is_an_error_for_that_language(tmp_path: Path,
                                                                capsys) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/good.md": INTRO})
    folder = os.fsencode(source) + b"/x\xff"
    os.mkdir(folder)
    with open(folder + b"/_toctree.yml", "w", encoding="utf-8") as toctree:
        toctree.write("- local: page\n")
    with open(folder + b"/page.md", "w", encoding="utf-8") as page:
        page.write(EXTRA)
    out = tmp_path / "out"
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors == ["error: x\\xff/: folder name is not valid UTF-8; not converted "
                      "(rename it)"]
    assert notebooks(out) == ["en/good.ipynb"]


def test_symlink_loop_among_the_pages_is_an_error_for_that_page(tmp_path: Path,
                                                                capsys) -> None:
    source = write_pages(tmp_path / "docs" / "source", {"en/good.md": INTRO})
    (source / "en" / "loop.md").symlink_to("loop.md")
    out = tmp_path / "out"
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors == ["error: en/loop.md: is a symbolic link loop; not read"]
    assert notebooks(out) == ["en/good.ipynb"]


def test_symlink_loop_in_the_output_folder_is_an_error_for_its_files(tmp_path: Path,
                                                                     capsys) -> None:
    source, out = make_docs(tmp_path, langs=("en", "ko")), tmp_path / "out"
    out.mkdir()
    (out / "ko").symlink_to("ko")
    assert build(source, out) == 1
    errors = _errors(capsys.readouterr().err)
    assert errors and all(line.startswith("error: ko/") for line in errors)
    assert all("symbolic link loop" in line for line in errors)
    assert "en/intro.ipynb" in notebooks(out)


# --- file modes follow the umask (issue 11, item 9) ----------------------------------------

def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    previous = os.umask(0o022)
    try:
        assert build(source, out) == 0
    finally:
        os.umask(previous)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in out.rglob("*") if p.is_file()}
    assert {"en/intro.ipynb", "en/index.md", "index.json", MANIFEST_NAME} <= set(modes)
    assert set(modes.values()) == {0o644}


# --- --clean removes pages that are gone, not pages outside this selection (issue 15) -------

def test_clean_without_all_keeps_the_notebooks_of_pages_built_with_all(tmp_path: Path,
                                                                       capsys) -> None:
    source = make_docs(tmp_path, extra={"en/plain.md": PLAIN})
    out = tmp_path / "out"
    assert build(source, out, "--all") == 0
    everything = notebooks(out)
    assert "en/plain.ipynb" in everything
    capsys.readouterr()
    assert build(source, out, "--clean") == 0
    assert notebooks(out) == everything
    printed = capsys.readouterr()
    assert "kept the notebooks of 1 pages built with --all" in printed.out + printed.err
    assert "plain" in (out / "en" / "index.md").read_text("utf-8")
    assert build(source, out, "--clean", "--all") == 0
    (source / "en" / "plain.md").unlink()
    assert build(source, out, "--clean") == 0
    assert "en/plain.ipynb" not in notebooks(out)  # gone from the tree: removed


def test_clean_removes_the_notebooks_of_a_page_that_lost_its_marker(tmp_path: Path) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out) == 0
    (source / "en" / "extra.md").write_text(EXTRA.replace("[[open-in-colab]]", ""),
                                            encoding="utf-8")
    assert build(source, out, "--clean") == 0
    assert "en/extra.ipynb" not in notebooks(out)
    assert "en/intro.ipynb" in notebooks(out)
