"""The no-op replay (build/state/replay.py): a command that repeats a no-op build prints
what it printed, from ``stat`` calls alone; anything its answer depends on that changes,
however slightly, means the build runs again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from notebook_gen.build.state import replay
from notebook_gen.cli import main
from tests.buildtree import make_docs
from tests.loaded import run_command


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A docs tree, the working folder above it, and the cache in a folder of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return make_docs(tmp_path / "project")


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records may cover files modified just before the command (the tests' files all
    are); each change below is made a clock tick later (:func:`_settle`)."""
    monkeypatch.setattr(replay, "RECENT_NS", 0)


def _settle() -> None:
    time.sleep(0.05)  # past the file system's clock tick: a change made now gets new times


def _argv(docs: Path, *extra: str) -> list[str]:
    return ["build", str(docs), "-o", str(docs.parent / "out"), "--all", "--package",
            "transformers", *extra]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _records(docs: Path) -> list[Path]:
    return sorted((docs.parents[2] / "cache" / "notebook-gen" / "replay").glob("*.json"))


def _recorded(docs: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    """Build, then a no-op that leaves its record; returns the command line."""
    argv = _argv(docs, *extra)
    assert _run(argv, capsys)[0] == 0  # converts
    _settle()
    assert _run(argv, capsys)[0] == 0  # a no-op: recorded
    assert _records(docs), "the no-op left no record"
    _settle()
    return argv


def _without_elapsed(text: str) -> str:
    return text.rsplit("(", 1)[0]


def test_a_repeated_no_op_prints_what_the_no_op_printed(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(docs)
    main(argv)
    capsys.readouterr()
    _settle()
    code, out, err = _run(argv, capsys)
    assert code == 0 and "up to date" in out
    assert replay.replay(argv) == 0
    again = capsys.readouterr()
    assert _without_elapsed(again.out) == _without_elapsed(out)
    assert again.err == err
    assert again.out.endswith(" s)\n")


def test_a_replay_parses_no_arguments_and_loads_no_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    docs = make_docs(tmp_path / "project")
    argv = _argv(docs)
    command = [sys.executable, "-m", "notebook_gen", *argv]
    subprocess.run(command, capture_output=True, check=True, cwd=tmp_path)
    time.sleep(1.1)  # the real rule: nothing modified within a second of the command
    recorded = subprocess.run(command, capture_output=True, text=True, check=True,
                              cwd=tmp_path)
    replayed = run_command(argv, ("argparse", "notebook_gen.build.tree", "pathlib",
                                  "dataclasses"), cwd=tmp_path)
    assert (replayed.status, replayed.loaded) == (0, [])
    assert _without_elapsed(replayed.stdout) == _without_elapsed(recorded.stdout)
    assert replayed.stderr == recorded.stderr


def test_no_record_covers_a_file_modified_within_a_second_of_the_command(
        docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(docs)
    main(argv)
    main(argv)  # a no-op, but the pages are seconds old at most
    capsys.readouterr()
    assert _records(docs) == []
    assert replay.replay(argv) is None


def _edit_page(docs: Path) -> None:
    page = docs / "en" / "extra.md"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Extra", "Extro", 1), encoding="utf-8")  # the same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime


def _edit_notebook(docs: Path) -> None:
    notebook = docs.parent / "out" / "en" / "extra.ipynb"
    before = notebook.stat()
    notebook.write_bytes(notebook.read_bytes().replace(b"Extra", b"Extro", 1))
    os.utime(notebook, ns=(before.st_atime_ns, before.st_mtime_ns))


def _package_source(docs: Path) -> None:
    package = docs.parents[1] / "src" / "transformers"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")


def _git_repository(docs: Path) -> None:
    subprocess.run(["git", "init", "-q", str(docs.parents[1])], check=True)
    subprocess.run(["git", "-C", str(docs.parents[1]), "remote", "add", "origin",
                    "https://github.com/someone/somewhere.git"], check=True)


CHANGES: dict[str, Callable[[Path], object]] = {
    "a page edited, size and mtime kept": _edit_page,
    "a page added": lambda docs: (docs / "en" / "new.md").write_text("# New\n", encoding="utf-8"),
    "a page removed": lambda docs: (docs / "en" / "extra.md").unlink(),
    "a page in a new folder": lambda docs: (docs / "en" / "more").mkdir(),
    "a language added": lambda docs: (docs / "fr").mkdir(),
    "a config edited": lambda docs: (docs / "_config.py").write_text(
        "INSTALL_CONTENT = 'x'\n", encoding="utf-8"),
    "a notebook deleted": lambda docs: (docs.parent / "out" / "en" / "extra.ipynb").unlink(),
    "a notebook edited, size and mtime kept": _edit_notebook,
    "a temporary file left in the output folder": lambda docs: (
        docs.parent / "out" / ".index.md.1234.tmp").write_text("", encoding="utf-8"),
    "settings appear above the docs": lambda docs: (docs.parent / "pyproject.toml")
    .write_text("[tool.notebook-gen]\nbranch = 'dev'\n", encoding="utf-8"),
    "the package's source appears beside the docs": _package_source,
    "a git repository with an origin appears": _git_repository,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_to_what_the_build_depends_on_means_no_replay(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str], change: str) -> None:
    argv = _recorded(docs, capsys)
    assert replay.replay(argv) == 0  # nothing changed yet
    capsys.readouterr()
    CHANGES[change](docs)
    assert replay.replay(argv) is None
    assert capsys.readouterr() == ("", "")  # nothing printed: the build runs instead


def test_another_command_line_or_folder_is_not_replayed(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _recorded(docs, capsys)
    assert replay.replay([*argv, "-v"]) is None
    monkeypatch.chdir(docs)
    assert replay.replay(argv) is None


def test_a_change_of_environment_or_terminal_is_not_replayed(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _recorded(docs, capsys)
    monkeypatch.setenv("GIT_DIR", "/elsewhere")
    assert replay.replay(argv) is None
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert replay.replay(argv) is None


def test_replay_can_be_turned_off(docs: Path, no_wait: None,
                                  capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    argv = _recorded(docs, capsys)
    monkeypatch.setenv(replay.OFF, "1")
    assert replay.replay(argv) is None
    for record in _records(docs):
        record.unlink()
    main(argv)
    assert _records(docs) == []  # nor written


def test_a_build_that_wrote_or_warned_of_an_error_leaves_no_record(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(docs)
    main(argv)
    _settle()
    (docs / "en" / "broken.md").write_text("# Broken\n\n[[open-in-colab]]\n\n<Tip>\n\nx\n",
                                           encoding="utf-8")
    _settle()
    main(argv)  # converts the new page: not a no-op
    assert _records(docs) == []
    _settle()
    assert main([*argv, "--strict"]) == 1  # a no-op, but the unclosed <Tip> is an error
    assert _records(docs) == []
    assert main(argv) == 0  # the same no-op without --strict is recorded
    assert len(_records(docs)) == 1


def test_a_package_source_the_links_were_read_from_is_covered(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str]) -> None:
    _package_source(docs)  # before the first build: its exports decide the anchors
    argv = _recorded(docs, capsys)
    assert replay.replay(argv) == 0
    capsys.readouterr()
    module = docs.parents[1] / "src" / "transformers" / "models.py"
    module.write_text("class Model:\n    pass\n", encoding="utf-8")
    assert replay.replay(argv) is None


def test_force_and_check_are_never_recorded(docs: Path, no_wait: None,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(docs)
    main(argv)
    _settle()
    for option in ("--force", "--check"):
        assert main([*argv, option]) == 0  # nothing to write: a no-op, but asked for work
        assert _records(docs) == []


@pytest.mark.parametrize("damage", ["{", "[]", '{"format": 1}', "null", "\x00\x01"])
def test_an_unreadable_record_means_the_build_runs(
        docs: Path, no_wait: None, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    argv = _recorded(docs, capsys)
    for record in _records(docs):
        record.write_text(damage, encoding="utf-8")
    assert replay.replay(argv) is None
    assert main(argv) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_record_holds_what_it_says(docs: Path, no_wait: None,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _recorded(docs, capsys)
    record = json.loads(_records(docs)[0].read_text(encoding="utf-8"))
    folders = {folder: {entry[0]: entry[1:] for entry in entries}
               for folder, entries in record["stamps"]}
    notebook = folders[str(docs.parent / "out" / "en")]["extra.ipynb"]
    assert notebook[0] == (docs.parent / "out" / "en" / "extra.ipynb").stat().st_size
    assert {"extra.md", "intro.md", "tasks", "_toctree.yml"} <= set(folders[str(docs / "en")])
    assert folders[str(docs.parent)]["pyproject.toml"] == []  # looked for, and absent
    assert folders[str(docs.parents[1])][".git"] == []
    assert record["summary"].startswith("9 notebooks up to date in ")
    assert record["summary"].endswith(", ")


def test_the_cache_keeps_the_newest_records_only(docs: Path, no_wait: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = docs.parents[2] / "cache" / "notebook-gen" / "replay"
    folder.mkdir(parents=True)
    for number in range(replay.KEPT + 8):
        old = folder / f"{number:08x}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(10**18, 10**18 + number))
    (folder / "notes.txt").write_text("not a record", encoding="utf-8")
    argv = _recorded(docs, capsys)
    assert len(_records(docs)) == replay.KEPT
    assert not (folder / "00000000.json").exists()  # the oldest went first
    assert (folder / "notes.txt").exists()
    assert replay.replay(argv) == 0  # the new record is kept
