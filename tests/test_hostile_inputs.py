"""Inputs that used to hang a command, end in a traceback, or make it say something untrue
(issue 21, items 6 and 7), and what each command does with them instead.

Commands that used to hang run in a subprocess with a timeout, so that a regression fails
instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from notebook_gen.builder.inputs.config import load_config
from notebook_gen.cli import main
from notebook_gen.execute.jobs import read_job
from tests.buildtree import EXTRA, INTRO, make_docs, tree_bytes, write_pages

LIMIT = 30  # seconds: a guard against a hang, not a measure of speed


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp_path so the repository's own [tool.notebook-gen] does not apply."""
    monkeypatch.chdir(tmp_path)


def build(source: Path, out: Path, *args: str) -> int:
    return main(["build", str(source), "-o", str(out), "--jobs", "1", "--variants", "present",
                 *args])


def run(tmp_path: Path, *args: str, stdout: int | None = subprocess.PIPE,
        ) -> subprocess.CompletedProcess[str]:
    """``notebook-gen ARGS`` in a subprocess, from ``tmp_path``, stopped after LIMIT s."""
    return subprocess.run([sys.executable, "-m", "notebook_gen", *args], cwd=tmp_path,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=LIMIT,
                          check=False)


def errors(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if line.startswith("error: ")]


def notebooks(out: Path) -> list[str]:
    return sorted(p for p in tree_bytes(out) if p.endswith(".ipynb"))


# --- 6. hangs and tracebacks ---------------------------------------------------------------

def _fifo_page(tmp_path: Path) -> Path:
    """A tree whose ``en/pipe.md`` is a symlink to a FIFO in the tree (no writer: an open
    that waits for one never returns)."""
    source = write_pages(tmp_path / "docs" / "source", {"en/good.md": INTRO})
    os.mkfifo(source / "en" / "fifo")
    (source / "en" / "pipe.md").symlink_to("fifo")
    return source


def test_a_page_that_links_to_a_fifo_is_an_error_and_the_build_goes_on(
        tmp_path: Path) -> None:
    source, out = _fifo_page(tmp_path), tmp_path / "out"
    done = run(tmp_path, "build", str(source), "-o", str(out), "--jobs", "1")
    assert done.returncode == 1
    assert errors(done.stderr) == ["error: en/pipe.md: not a regular file (a FIFO)"]
    assert "en/good.ipynb" in notebooks(out) or "en/pytorch/good.ipynb" in notebooks(out)


@pytest.mark.parametrize("name", ["_toctree.yml", "_config.py"])
def test_a_tree_file_that_links_to_a_fifo_does_not_block_the_build(tmp_path: Path,
                                                                   name: str) -> None:
    """The build stamps a language's config and toctree before it reads them."""
    source, out = _fifo_page(tmp_path), tmp_path / "out"
    (source / "en" / "pipe.md").unlink()
    (source / "en" / name).symlink_to("fifo")
    done = run(tmp_path, "build", str(source), "-o", str(out), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert errors(done.stderr) == []


def test_links_reports_a_page_that_links_to_a_fifo_and_checks_the_others(
        tmp_path: Path) -> None:
    source = _fifo_page(tmp_path)
    (source / "en" / "other.md").write_text("# Other\n\nSee [good](good#nowhere).\n",
                                            encoding="utf-8")
    done = run(tmp_path, "links", str(source))
    assert done.returncode == 1
    assert errors(done.stderr) == ["error: en/pipe.md: not a regular file (a FIFO)"]
    assert "en/other.md:3: `good#nowhere`: no heading anchor `nowhere`" in done.stdout


def test_links_reads_a_page_that_is_not_utf_8_with_replacement(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The build reports such a page with its line; the link check still checks it."""
    source = write_pages(tmp_path / "docs" / "source", {"en/good.md": INTRO})
    (source / "en" / "latin.md").write_bytes(b"# Caf\xe9\n\nSee [good](good#nowhere).\n")
    assert main(["links", str(source)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == ["en/latin.md:3: `good#nowhere`: no heading anchor `nowhere` in "
                                "`en/good`"]


def test_clean_with_a_folder_that_cannot_be_listed_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As a user without the right to enter ``en/sub`` any more sees it (the suite runs as
    root, whom permissions do not stop): listing it and looking at a file in it fail."""
    source = make_docs(tmp_path, extra={"en/sub/deep.md": EXTRA})
    out = tmp_path / "out"
    assert build(source, out) == 0
    assert "en/sub-deep.ipynb" in notebooks(out) or "en/deep.ipynb" in notebooks(out)
    before = notebooks(out)
    (source / "en" / "extra.md").unlink()  # a page really gone: --clean still removes it
    locked = str(source / "en" / "sub")

    def denied(path: object) -> None:
        if os.fspath(path).startswith(locked):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore

    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path: str = ".") -> object:
        denied(path)
        return real_scandir(path)

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        denied(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    capsys.readouterr()
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    assert build(source, out, "--clean") == 1
    monkeypatch.undo()
    assert errors(capsys.readouterr().err) == [
        "error: en/sub: cannot list this folder: Permission denied"]
    after = notebooks(out)
    assert [path for path in before if path not in after] == ["en/extra.ipynb"]


def _big_page(size: int) -> str:
    section = "## Part\n\nSome words about the part.\n\n```py\n>>> total = 1 + 1\n```\n\n"
    return "# Big\n\n[[open-in-colab]]\n\n" + section * (size // len(section) + 1)


def test_a_page_over_the_size_limit_is_refused_and_the_page_beside_it_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_pages(tmp_path / "docs" / "source",
                         {"en/big.md": _big_page(5_100_000), "en/good.md": INTRO})
    out = tmp_path / "out"
    size = (source / "en" / "big.md").stat().st_size
    assert build(source, out) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: en/big.md: {size:,} bytes, over the limit of 5,000,000 bytes for a page; "
        "not read (--max-page-size or max-page-size in [tool.notebook-gen] raises it)"]
    assert notebooks(out) == ["en/good.ipynb"]


def test_the_size_limit_is_raised_by_the_option_and_the_setting(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_pages(tmp_path / "docs" / "source",
                         {"en/big.md": _big_page(30_000), "en/good.md": INTRO})
    out = tmp_path / "out"
    assert build(source, out, "--max-page-size", "20k") == 1
    assert "over the limit of 20,000 bytes" in capsys.readouterr().err
    assert build(source, out, "--max-page-size", "1M") == 0
    assert notebooks(out) == ["en/big.ipynb", "en/good.ipynb"]
    (tmp_path / "pyproject.toml").write_text("[tool.notebook-gen]\nmax-page-size = 20000\n",
                                             encoding="utf-8")
    (source / "en" / "big.md").write_text(_big_page(40_000), encoding="utf-8")
    assert build(source, out) == 1
    assert "en/big.md: 40," in capsys.readouterr().err


@pytest.mark.parametrize("value", ["-1", "lots", "5X", "1.5M"])
def test_a_size_limit_that_is_not_a_size_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    with pytest.raises(SystemExit) as stopped:
        build(source, out, "--max-page-size", value)
    assert stopped.value.code == 2
    assert "--max-page-size" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.notebook-gen]\nmax-page-size = {json.dumps(value)}\n", encoding="utf-8")
    assert build(source, out) == 2
    assert "max-page-size" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", ["build", "links"])
def test_an_external_inventory_nested_too_deeply_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    args = ["-o", str(out), "--jobs", "1"] if command == "build" else []
    assert main([command, str(source), *args, "--external", f"x={deep}"]) == 2
    err = capsys.readouterr().err
    assert errors(err.replace(f"notebook-gen {command}: ", "")) == [
        f"error: {deep}: not an inventory: JSON nested too deeply to read"]
    assert not out.exists()


@pytest.mark.parametrize("command", [["build", "docs/source", "-o", "out", "--jobs", "1"],
                                     ["links", "docs/source"]])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, command: list[str]) -> None:
    """``notebook-gen build | head -1``: the reader is gone before the command writes."""
    make_docs(tmp_path, extra={"en/broken.md": "# Broken\n\n[nowhere](missing)\n"})
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = run(tmp_path, *command, stdout=writer)
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "Broken pipe" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert done.returncode == 141  # 128 + SIGPIPE, as a shell reports a tool it stopped
    if command[0] == "build":
        assert (tmp_path / "out" / "en" / "intro.md").exists() or \
            (tmp_path / "out" / "en" / "pytorch" / "intro.ipynb").exists()


def test_unresolved_references_are_counted_to_their_lines_in_one_pass() -> None:
    """``links --strict-links`` on a page of thousands of unresolved references counted
    lines from the top again for each (minutes for a 20 MB page); the lines stay right."""
    from notebook_gen.links.inventory import Inventory
    from notebook_gen.links.resolve import LinkResolver
    from notebook_gen.links.urls import LinkContext

    text = "[`Gone1`] and [`Gone2`]\n\ntext\n[`Gone3`]\n\n\n[`Gone4`]\n"
    _, unresolved = LinkResolver(Inventory(), package="pkg").rewrite(
        text, LinkContext(package="pkg"), first_line=10)
    assert [(ref.line, ref.name) for ref in unresolved] == [
        (10, "Gone1"), (10, "Gone2"), (13, "Gone3"), (16, "Gone4")]


# --- 7. small untruths ---------------------------------------------------------------------

def test_a_build_refused_by_the_lock_says_only_that(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    source, out = make_docs(tmp_path), tmp_path / "out"
    out.mkdir()
    handle = os.open(out / ".notebook-gen.lock", os.O_CREAT | os.O_RDWR, 0o644)
    os.write(handle, b"4242\n")
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        assert build(source, out) == 1
    finally:
        os.close(handle)
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"error: {out}: another notebook-gen build (pid 4242) is writing to this folder; "
        "wait for it to end, or build into another folder"]
    assert not any(line.startswith("settings:") or "up to date" in line or "hint" in line
                   for line in captured.out.splitlines()), captured.out


@pytest.mark.parametrize("branch", ["../../../x", "a..b", "-x", "a b", "x.lock", "a/.b",
                                    "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "@", "a@{1}",
                                    "a/", "/a", "a//b", "a.", "", "a\x7f"])
def test_a_branch_that_git_would_refuse_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], branch: str) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out, "--repository", "me/docs", f"--branch={branch}") == 2
    assert f"--branch {branch!r}: not a valid git branch name" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(("branch", "in_url"), [
    ("main", "main"), ("release/v2.0", "release/v2.0"), ("fix#12", "fix%2312"),
    ("a%20b", "a%2520b"), ("über", "%C3%BCber")])
def test_a_valid_branch_is_percent_encoded_in_colab_links(
        tmp_path: Path, branch: str, in_url: str) -> None:
    source, out = make_docs(tmp_path), tmp_path / "out"
    assert build(source, out, "--repository", "me/docs", "--branch", branch,
                 "--notebooks-path", "nb") == 0
    index = (out / "en" / "index.md").read_text(encoding="utf-8")
    assert f"https://colab.research.google.com/github/me/docs/blob/{in_url}/nb/en/intro.ipynb" \
        in index


def _v3_notebook(path: Path) -> None:
    v3 = nbformat.v3
    cells = [v3.new_text_cell("markdown", source="# Old"),
             v3.new_code_cell(input="answer = 6 * 7\nprint(answer)")]
    notebook = v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)],
                               metadata=v3.new_metadata(name="old"))
    path.write_text(nbformat.writes(notebook, version=3), encoding="utf-8")


def test_an_nbformat_3_notebook_is_upgraded_and_read(tmp_path: Path) -> None:
    _v3_notebook(tmp_path / "old.ipynb")
    assert json.loads((tmp_path / "old.ipynb").read_text("utf-8"))["nbformat"] == 3
    job = read_job(tmp_path / "old.ipynb", "old.ipynb")
    assert job.problem is None
    assert "answer = 6 * 7" in job.text and json.loads(job.text)["nbformat"] == 4


def test_execute_runs_an_nbformat_3_notebook(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _v3_notebook(folder / "old.ipynb")
    done = run(tmp_path, "execute", str(folder), "--jobs", "1", "--no-install",
               "--write-executed", str(tmp_path / "executed"))
    assert done.returncode == 0, done.stdout + done.stderr
    executed = nbformat.read(tmp_path / "executed" / "old.ipynb", as_version=4)
    assert "".join(out.get("text", "") for out in executed.cells[1].outputs) == "42\n"


def test_a_config_with_a_latin_1_coding_line_is_read_as_python_reads_it(
        tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "en").mkdir(parents=True)
    (source / "_config.py").write_bytes(
        b"# -*- coding: latin-1 -*-\n"
        b'INSTALL_CONTENT = "! pip install caf\xe9"\n'
        b'notebook_first_cells = [{"type": "code", "content": INSTALL_CONTENT}]\n'
        b'open("ran", "w")\n')
    config = load_config(source, source / "en")
    assert [cell.source for cell in config.first_cells] == ["! pip install café"]
    assert not (tmp_path / "ran").exists()  # the working folder: read, never run


@pytest.mark.parametrize(("data", "reason"), [
    (b"# coding: no-such-codec\nx = 1\n", "unknown encoding: no-such-codec"),
    (b'\xef\xbb\xbf# coding: latin-1\nx = 1\n', "encoding problem: utf-8"),
    (b'x = "caf\xe9"\n', "not valid utf-8"),
])
def test_a_config_that_python_could_not_decode_is_an_error(
        tmp_path: Path, data: bytes, reason: str) -> None:
    from notebook_gen.errors import PageError

    source = tmp_path / "source"
    (source / "en").mkdir(parents=True)
    (source / "_config.py").write_bytes(data)
    with pytest.raises(PageError) as raised:
        load_config(source, source / "en")
    assert raised.value.path == "_config.py"
    assert reason in str(raised.value).lower()
