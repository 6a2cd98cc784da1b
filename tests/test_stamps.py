"""What "unchanged" means (builder/snapshot.py): a file is taken as unchanged from its
``stat`` only when size, mtime, ctime and inode are all as recorded; anything else is hashed.
Edits that keep the size and restore the mtime, hand edits of outputs across a ``--lang``
build, a branch switch that moves a page back and forth, and a package source edited beside
the docs are all seen."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from notebook_gen.builder.build import BuildOptions, build
from notebook_gen.builder.snapshot import SNAPSHOT_NAME
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.links.urls import LinkContext
from tests.buildtree import make_docs, tree_bytes, write_pages
from tests.loaded import build_loads

LONG_AGO_NS = 1_000_000_000_000_000_000  # 2001: a file no one touched since


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _age(folder: Path) -> None:
    """Every file under ``folder`` as if last written long ago (its stat then trusted), but
    the build's own records."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(".notebook-gen-"):
            os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as long) and give the file its old mtime back, as
    ``cp -p``, ``touch -r`` or ``rsync -t`` would."""
    assert len(old) == len(new)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _options(tmp_path: Path, **changes: object) -> BuildOptions:
    source = make_docs(tmp_path, langs=("en", "ko"))
    _age(source)
    options = BuildOptions(source=source, out=tmp_path / "out", jobs=1, package="transformers",
                           convert=ConvertOptions(link_context=LinkContext(
                               package="transformers")))
    return replace(options, **changes)  # type: ignore[arg-type]


def _settled(options: BuildOptions) -> None:
    """A build, then a no-op that takes the outputs' stat as trusted (they are old)."""
    assert build(options).ok
    _age(options.out)
    assert build(options).ok


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    options = _options(tmp_path)
    _settled(options)
    _same_size_edit(options.source / "en" / "extra.md", "range(4)", "range(5)")
    check = build(replace(options, check=True))
    assert not check.ok and "en/extra.ipynb" in check.stale
    report = build(options)
    assert "en/extra.ipynb" in report.written
    assert "range(5)" in (options.out / "en" / "extra.ipynb").read_text(encoding="utf-8")
    assert build(replace(options, check=True)).ok


def test_a_hand_edited_notebook_is_repaired_after_a_build_of_another_language(
        tmp_path: Path) -> None:
    options = _options(tmp_path)
    _settled(options)
    expected = tree_bytes(options.out)
    notebook = options.out / "ko" / "extra.ipynb"
    _same_size_edit(notebook, "range(4)", "range(7)")
    # A build of English alone that rewrites the manifest (an English page changed).
    (options.source / "en" / "intro.md").write_text("# Intro\n\n[[open-in-colab]]\n\nNew.\n")
    assert build(replace(options, langs=("en",))).ok
    report = build(options)
    assert "ko/extra.ipynb" in report.written
    assert (options.out / "ko" / "extra.ipynb").read_bytes() == expected["ko/extra.ipynb"]
    assert build(replace(options, check=True)).ok


def _moved_and_back(tmp_path: Path) -> BuildOptions:
    """A built tree whose ``en/tasks/`` became ``en/other/`` (a name as long: the notebooks
    keep their size) and then ``en/tasks/`` again, as a branch switch does, with a build
    after each move."""
    options = _options(tmp_path)
    _settled(options)
    tasks, other = options.source / "en" / "tasks", options.source / "en" / "other"
    tasks.rename(other)
    assert build(options).ok
    other.rename(tasks)
    assert build(options).ok
    return options


def test_a_page_moved_to_a_folder_of_the_same_length_and_back_is_rebuilt(
        tmp_path: Path) -> None:
    options = _moved_and_back(tmp_path)
    fresh = replace(options, out=tmp_path / "fresh")
    assert build(fresh).ok
    made, rebuilt = tree_bytes(fresh.out), tree_bytes(options.out)
    notebooks = [path for path in made if path.endswith(".ipynb")]
    assert {path: rebuilt.get(path) for path in notebooks} == \
        {path: made[path] for path in notebooks}
    for path in ("en/train.ipynb", "en/pytorch/train.ipynb", "en/tensorflow/train.ipynb"):
        assert "other/train.md" not in rebuilt[path].decode(), path


def test_after_a_page_moved_and_back_the_index_and_check_agree(tmp_path: Path) -> None:
    options = _moved_and_back(tmp_path)
    index = (options.out / "index.json").read_text(encoding="utf-8")
    assert "tasks/train.md" in index and "other/train.md" not in index
    assert build(replace(options, check=True)).ok


MODULE_LINES = 6000
"""The size of the package's big module (a parse of it would show in a no-op's time)."""


def _package_docs(tmp_path: Path) -> BuildOptions:
    """A repository with its package's source beside the docs: ``src/mypkg`` (a big module,
    and ``Thing`` in a submodule) and a page that links to ``Thing``."""
    big = "".join(f"def helper_{number}(x):\n    return x + {number}\n\n\n"
                  for number in range(MODULE_LINES // 4))
    write_pages(tmp_path / "src" / "mypkg", {
        "__init__.py": "from .big import helper_0\n", "big.py": big,
        "models/__init__.py": "from .thing import Thing\n",
        "models/thing.py": "class Thing:\n    pass\n"})
    source = write_pages(tmp_path / "docs" / "source", {
        "en/api.md": "# API\n\n[[autodoc]] models.thing.Thing\n",
        "en/intro.md": "# Intro\n\n[[open-in-colab]]\n\nUse [`Thing`] here.\n"})
    _age(tmp_path)
    return BuildOptions(source=source, out=tmp_path / "out", jobs=1, package="mypkg",
                        convert=ConvertOptions(link_context=LinkContext(package="mypkg")))


def _parses_the_source(options: BuildOptions) -> bool:
    """Whether a build, in a new process, reads the package's exports (which imports the
    full build's pool and the exports reader) or is settled by the quick check."""
    return bool(build_loads(options.source, options.out, "mypkg",
                            ("notebook_gen.builder.pool", "notebook_gen.links.exports")))


def test_a_no_op_does_not_parse_the_package_source_and_sees_its_edits(
        tmp_path: Path) -> None:
    options = _package_docs(tmp_path)
    _settled(options)
    notebook = options.out / "en" / "intro.ipynb"
    assert "api#mypkg.models.Thing" in notebook.read_text(encoding="utf-8")
    assert not _parses_the_source(options)  # the quick check: nothing changed
    init = tmp_path / "src" / "mypkg" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "from .models import Thing\n",
                    encoding="utf-8")
    assert _parses_the_source(options)  # an edit of the source: its exports read again
    assert "api#mypkg.Thing" in notebook.read_text(encoding="utf-8")
    _age(tmp_path)
    assert not _parses_the_source(options)
    (tmp_path / "src" / "mypkg" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert _parses_the_source(options)  # a module added: the source is read again


def test_a_fifo_in_place_of_the_snapshot_does_not_block_the_build(tmp_path: Path) -> None:
    options = _options(tmp_path)
    assert build(options).ok
    snapshot = options.out / SNAPSHOT_NAME
    snapshot.unlink()
    os.mkfifo(snapshot)
    command = [sys.executable, "-m", "notebook_gen", "build", str(options.source), "-o",
               str(options.out), "--package", "transformers"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert snapshot.is_fifo()  # left alone: not this build's to replace
