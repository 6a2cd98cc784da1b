"""The quick check of a rebuild (builder/quick.py, builder/snapshot.py): a no-op settles every
page from stat calls, says exactly what the full build says, and still sees a change made
within the same clock tick (the racy-git rule)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from notebook_gen.builder import snapshot as stamps
from notebook_gen.builder.build import BuildOptions, BuildReport, build
from notebook_gen.builder.snapshot import SNAPSHOT_NAME, UNKNOWN, Snapshot
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.links.urls import LinkContext
from tests.buildtree import EXTRA, make_docs, tree_bytes
from tests.loaded import build_loads, run_command

LINKED = ConvertOptions(link_context=LinkContext(package="transformers"))
REF_PAGE = EXTRA + "\nSee [`NoSuchThing`] and [`Missing.method`].\n"
"""A page with unresolved API references: warnings a no-op must repeat."""


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _options(tmp_path: Path, **changes: object) -> BuildOptions:
    source = make_docs(tmp_path, langs=("en", "ko"), extra={"en/refs.md": REF_PAGE,
                                                             "en/plain.md": "# Plain\n"})
    options = BuildOptions(source=source, out=tmp_path / "out", jobs=1, convert=LINKED,
                           package="transformers")
    return replace(options, **changes)  # type: ignore[arg-type]


def _said(report: BuildReport) -> tuple[object, ...]:
    """Everything a build reports but its timing."""
    return (report.pages, report.unchanged, sorted(report.written), report.notes,
            report.warnings, report.errors, sorted(report.unselected), report.ok)


def _quick(options: BuildOptions) -> bool:
    """Whether a rebuild takes the quick path (the pool, loaded by the full build only, is
    never imported)."""
    return not build_loads(options.source, options.out, "transformers",
                           ("notebook_gen.builder.pool",), all_pages=options.all_pages)


def test_a_no_op_says_what_the_full_build_says(tmp_path: Path) -> None:
    options = _options(tmp_path)
    first = build(options)
    assert first.written and (options.out / SNAPSHOT_NAME).is_file()
    full = build(replace(options, force=True))  # converts everything, writes nothing
    again = build(options)
    assert not full.written and not again.written and again.ok
    assert _said(again) == _said(full)
    assert any(w.kind == "link" for w in again.warnings)
    assert any(w.kind == "toctree" for w in again.warnings)
    assert _quick(options)


def test_a_no_op_loads_neither_the_converter_nor_yaml(tmp_path: Path) -> None:
    options = _options(tmp_path)
    command = [sys.executable, "-m", "notebook_gen", "build", str(options.source), "-o",
               str(options.out), "--package", "transformers"]
    subprocess.run(command, capture_output=True, check=True)  # the first build, in full
    heavy = ("notebook_gen.convert.page", "yaml", "multiprocessing")  # as the README says
    again = run_command(command[3:], heavy)
    assert (again.status, again.loaded) == (0, [])


def test_an_edit_within_the_same_clock_tick_is_seen(tmp_path: Path) -> None:
    options = _options(tmp_path)
    build(options)
    page = options.source / "en" / "extra.md"
    before = page.stat()
    text = page.read_text(encoding="utf-8").replace("range(4)", "range(5)")
    page.write_text(text, encoding="utf-8")  # the same size
    snapshot_ns = (options.out / SNAPSHOT_NAME).stat().st_mtime_ns
    os.utime(page, ns=(before.st_atime_ns, snapshot_ns))  # as if written in that tick
    report = build(options)
    assert sorted(report.written) == ["en/extra.ipynb", "en/pytorch/extra.ipynb",
                                      "en/tensorflow/extra.ipynb"]


def test_a_touched_page_is_hashed_not_converted(tmp_path: Path) -> None:
    options = _options(tmp_path)
    build(options)
    os.utime(options.source / "en" / "intro.md")  # a new mtime, the same bytes
    report = build(options)
    assert not report.written and report.ok
    assert _quick(options)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "config", "toctree", "output"])
def test_any_change_falls_back_to_the_full_build(tmp_path: Path, change: str) -> None:
    options = _options(tmp_path)
    build(options)
    expected = tree_bytes(options.out)
    source, out = options.source, options.out
    if change == "edit":
        (source / "ko" / "intro.md").write_text("# Changed\n\n[[open-in-colab]]\n")
    elif change == "add":
        (source / "en" / "new.md").write_text("# New\n\n[[open-in-colab]]\n")
    elif change == "remove":
        (source / "en" / "extra.md").unlink()
    elif change == "config":
        (source / "ko" / "_config.py").write_text('notebook_first_cells = []\n')
    elif change == "toctree":
        (source / "en" / "_toctree.yml").write_text("- local: intro\n  title: Only\n")
    else:
        (out / "en" / "intro.ipynb").write_text("{}")
    assert not _quick(options)
    fresh = build(replace(options, out=tmp_path / "fresh"))
    rebuilt = build(options)
    assert rebuilt.ok and fresh.ok
    assert _said(rebuilt)[3:] == _said(fresh)[3:]  # notes, warnings, errors, selection
    if change != "output":
        assert tree_bytes(options.out) != expected or change == "remove"


def test_a_snapshot_for_other_options_is_not_used(tmp_path: Path) -> None:
    options = _options(tmp_path)
    build(options)
    snapshot = Snapshot.load(options.out)
    assert snapshot is not None and snapshot.key == _key(options)
    assert _key(replace(options, all_pages=True)) != snapshot.key
    report = build(replace(options, all_pages=True))
    assert sorted(report.written)[0] == "en/plain.ipynb"  # unmarked, now selected


def test_a_page_modified_just_before_its_read_is_always_hashed(tmp_path: Path) -> None:
    options = _options(tmp_path)
    page = options.source / "en" / "extra.md"
    written = page.stat()  # just now: within a second of the build's read
    build(options)
    snapshot = Snapshot.load(options.out)
    assert snapshot is not None and snapshot.sources["en/extra.md"].mtime_ns == UNKNOWN
    # Changed again in what could be the same clock tick: same size, same mtime.
    page.write_text(page.read_text(encoding="utf-8").replace("range(4)", "range(5)"),
                    encoding="utf-8")
    os.utime(page, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert "en/extra.ipynb" in build(options).written


def _key(options: BuildOptions) -> str:
    from notebook_gen.builder.build import snapshot_key

    return snapshot_key(options)


def test_a_page_hashed_unchanged_is_trusted_again_once_it_is_old(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = _options(tmp_path)
    page = options.source / "en" / "extra.md"
    build(options)  # read right after it was written: its stat is not recorded
    old = page.stat().st_mtime_ns - 10_000_000_000
    os.utime(page, ns=(old, old))  # an old mtime, the same bytes (and a new ctime)
    monkeypatch.setattr(stamps, "RECENT_NS", 0)  # as if that ctime were long past
    assert not build(options).written  # hashed, unchanged: the snapshot takes its stat
    snapshot = Snapshot.load(options.out)
    assert snapshot is not None and snapshot.sources["en/extra.md"].mtime_ns == old


def test_a_build_with_an_error_leaves_no_snapshot_that_settles_pages(tmp_path: Path) -> None:
    options = _options(tmp_path)
    build(options)
    assert (options.out / SNAPSHOT_NAME).is_file()
    (options.source / "en" / "broken.md").write_bytes(b"# Broken \xff\n")
    report = build(options)
    snapshot = Snapshot.load(options.out)  # the output stamps only
    assert report.errors and snapshot is not None and snapshot.key == ""
    again = build(options)  # the full build ran again: it says the same error
    assert [str(e) for e in again.errors] == [str(e) for e in report.errors]


def test_a_package_source_that_appears_beside_the_docs_is_a_change(tmp_path: Path) -> None:
    options = _options(tmp_path)
    build(options)
    assert _quick(options)
    package = tmp_path / "src" / "transformers"  # beside docs/: the repository's source
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("class NoSuchThing:\n    pass\n", encoding="utf-8")
    assert not _quick(options)  # its exports now decide the anchors: read the pages again
