"""Each distinct unit of code runs once: a page's variants with the same code share one
run (and one cache entry), notebooks with nothing to run start no kernel, and a fully
cached run loads no kernel machinery. Kernel starts are counted by
``KernelRegistry.kernels_started``, never by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from notebook_gen.execute.api import execute_notebooks
from notebook_gen.execute.kernel import KernelRegistry
from notebook_gen.execute.results import (
    FailureKind,
    RunReport,
    Status,
    report_from_dict,
    report_to_dict,
)
from notebook_gen.report.json_file import merge

ROOT = Path(__file__).parent.parent

Cell = tuple[str, str, tuple[str, ...], int]
"""(cell type, source, tags, page line)."""

SHARED_CODE: list[Cell] = [
    ("markdown", "# A page", (), 1),
    ("code", "!pip install nothing-at-all", ("install",), 0),
    ("markdown", "Some prose about the library.", (), 3),
    ("code", "x = 21\nprint(x * 2)", (), 5),
    ("code", "assert x == 21", (), 8),
]


def write_page(folder: Path, page: str, cells: list[Cell], variant: str = "mixed") -> Path:
    """A notebook as the build writes it for ``variant`` of ``page`` (en/<page>.md)."""
    nb_cells: list[dict[str, Any]] = []
    for kind, source, tags, line in cells:
        where = {"line": line} if line else {"origin": "en/_config.py"}
        cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{len(nb_cells)}",
                                "metadata": {"notebook_gen": where}, "source": source}
        if tags:
            cell["metadata"]["tags"] = list(tags)
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        nb_cells.append(cell)
    notebook = {
        "cells": nb_cells,
        "metadata": {"notebook_gen": {"source": f"en/{page}.md", "docs_root": "docs/source",
                                      "variant": variant}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    sub = "" if variant == "mixed" else f"{variant}/"
    path = folder / "en" / f"{sub}{page}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook))
    return path


def write_variants(folder: Path, page: str, cells: list[Cell]) -> None:
    for variant in ("mixed", "pytorch", "tensorflow"):
        write_page(folder, page, cells, variant)


class Counted:
    """A run's report and the kernels it started."""

    def __init__(self, **options: Any) -> None:
        before = KernelRegistry.kernels_started
        self.report: RunReport = execute_notebooks(**{"no_install": True, **options})
        self.kernels = KernelRegistry.kernels_started - before

    def __getitem__(self, name: str) -> Any:
        return next(result for result in self.report.results if result.name == name)


def test_a_page_whose_three_notebooks_are_identical_runs_once(tmp_path: Path) -> None:
    write_variants(tmp_path / "nb", "same", SHARED_CODE)
    run = Counted(paths=tmp_path / "nb", write_executed=tmp_path / "executed")
    assert run.kernels == 1
    names = ["en/pytorch/same.ipynb", "en/same.ipynb", "en/tensorflow/same.ipynb"]
    assert [result.name for result in run.report.results] == names
    assert [result.status for result in run.report.results] == [Status.PASSED] * 3
    assert [result.shared_run for result in run.report.results] == [None, names[0], names[0]]
    for name in names:  # each variant's executed copy, with the shared run's outputs
        cells = nbformat.read(tmp_path / "executed" / name, as_version=4).cells
        assert cells[3].outputs[0].text == "42\n"


def test_a_failure_is_every_sharing_notebooks_verdict_and_survives_json_and_merge(
    tmp_path: Path,
) -> None:
    cells = [*SHARED_CODE[:4], ("code", "raise ValueError('stale docs')", (), 8)]
    write_variants(tmp_path, "fails", cells)
    run = Counted(paths=tmp_path)
    assert run.kernels == 1
    failures = [result.failure for result in run.report.results]
    assert all(f is not None and f.kind is FailureKind.ERROR for f in failures)
    assert {f.location for f in failures if f is not None} == {"docs/source/en/fails.md:8"}
    read_back = report_from_dict(json.loads(json.dumps(report_to_dict(run.report))))
    assert read_back == run.report
    merged = merge([read_back])
    assert [r.shared_run for r in merged.results] == [r.shared_run for r in run.report.results]
    assert [r.shared_run for r in merged.results] == [None, "en/fails.ipynb", "en/fails.ipynb"]


def test_a_framework_page_whose_halves_differ_runs_each_half(tmp_path: Path) -> None:
    common = SHARED_CODE[:3]
    write_page(tmp_path, "frameworks", [*common, ("code", "import json", (), 5)], "pytorch")
    write_page(tmp_path, "frameworks", [*common, ("code", "import math", (), 9)], "tensorflow")
    both = [*common, ("code", "import json", (), 5), ("code", "import math", (), 9)]
    write_page(tmp_path, "frameworks", both, "mixed")
    run = Counted(paths=tmp_path)
    assert run.kernels == 3
    assert [result.shared_run for result in run.report.results] == [None, None, None]
    assert run.report.count(Status.PASSED) == 3


def test_identical_code_run_with_its_install_cells_differs_by_those_cells(tmp_path: Path) -> None:
    """Without --no-install the install cells run: variants installing other packages
    are other units (checked without running pip: the units, not the run)."""
    from notebook_gen.execute import units
    from notebook_gen.execute.jobs import find_jobs
    from notebook_gen.execute.options import ExecuteOptions

    write_page(tmp_path, "p", SHARED_CODE, "pytorch")
    other = [("code", "!pip install torch-other", ("install",), 0), *SHARED_CODE[2:]]
    write_page(tmp_path, "p", [SHARED_CODE[0], *other], "tensorflow")
    jobs = find_jobs(tmp_path)
    assert len(units.group(jobs, ExecuteOptions(no_install=True))) == 1
    assert len(units.group(jobs, ExecuteOptions(no_install=False))) == 2
    assert len(units.group(jobs, ExecuteOptions(no_install=True, share_runs=False))) == 2


def test_a_prose_only_edit_hits_the_cache(tmp_path: Path) -> None:
    notebooks, cache = tmp_path / "nb", tmp_path / "cache"
    write_variants(notebooks, "cached", SHARED_CODE)
    first = Counted(paths=notebooks, cache=cache)
    assert (first.kernels, first.report.count(Status.PASSED)) == (1, 3)
    # the prose grows by two lines: the cells below it move down the page
    edited = [(kind, source + ("\n\nMore words.\n" if kind == "markdown" else ""), tags,
               line + 2 if line > 3 else line) for kind, source, tags, line in SHARED_CODE]
    write_variants(notebooks, "cached", edited)
    second = Counted(paths=notebooks, cache=cache)
    assert second.kernels == 0
    assert [result.status for result in second.report.results] == [Status.CACHED] * 3
    changed = [*edited[:4], ("code", "assert x == 20", (), 10)]
    write_variants(notebooks, "cached", changed)
    third = Counted(paths=notebooks, cache=cache)
    assert third.kernels == 1 and third.report.count(Status.FAILED) == 3


def test_an_install_only_notebook_under_no_install_starts_no_kernel(tmp_path: Path) -> None:
    cells: list[Cell] = [("markdown", "# Install", (), 1),
                         ("code", "!pip install nothing-at-all", ("install",), 0),
                         ("code", "print('not run')", ("skip-execution",), 4)]
    write_variants(tmp_path, "install", cells)
    run = Counted(paths=tmp_path)
    assert run.kernels == 0
    assert [result.status for result in run.report.results] == [Status.PASSED] * 3
    reason = run["en/install.ipynb"].skip_reason
    assert reason is not None and "--no-install" in reason and "no kernel" in reason


def test_an_old_style_run_starts_a_kernel_for_every_notebook(tmp_path: Path) -> None:
    """``share_runs=False``: what the benchmark compares with."""
    from notebook_gen.execute import api
    from notebook_gen.execute.options import ExecuteOptions

    write_variants(tmp_path, "same", SHARED_CODE)
    before = KernelRegistry.kernels_started
    report = api.run(tmp_path, ExecuteOptions(no_install=True, share_runs=False))
    assert KernelRegistry.kernels_started - before == 3
    assert [result.shared_run for result in report.results] == [None] * 3


# --- a fully cached run loads no kernel machinery ---

DRIVER = """
import json, sys
from notebook_gen.cli import main
status = main(sys.argv[1:])
heavy = sorted(name for name in sys.modules
               if name.split(".")[0] in {"jupyter_client", "nbclient", "zmq", "nbformat"})
print(json.dumps({"status": status, "heavy": heavy}))
"""


def _cli(*argv: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", DRIVER, *argv], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=300)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_fully_cached_run_imports_no_kernel_machinery(tmp_path: Path) -> None:
    write_variants(tmp_path / "nb", "same", SHARED_CODE)
    argv = ("execute", str(tmp_path / "nb"), "--no-install", "--cache", str(tmp_path / "cache"),
            "--quiet")
    cold = _cli(*argv)
    assert cold["status"] == 0 and "jupyter_client" in cold["heavy"]
    warm = _cli(*argv)
    assert warm == {"status": 0, "heavy": []}


# --- the environment probe, kept in the cache folder ---


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The probe subprocesses started, by their arguments."""
    from notebook_gen.execute import environment

    started: list[list[str]] = []
    real = subprocess.run

    def run(argv: list[str], **kwargs: Any) -> Any:
        started.append(argv)
        return real(argv, **kwargs)

    monkeypatch.setattr(environment.subprocess, "run", run)
    yield started


def test_the_environment_is_probed_again_only_when_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probes: list[list[str]]
) -> None:
    from notebook_gen.execute.environment import probe

    site = tmp_path / "site"
    info = site / "documented-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: documented\nVersion: 1.0\n")
    (info / "RECORD").write_text("")
    (info / "top_level.txt").write_text("documented\n")
    (site / "documented.py").write_text("ANSWER = 42\n")
    monkeypatch.setenv("PYTHONPATH", str(site))
    keep = tmp_path / "cache"
    keep.mkdir()

    first = probe("python3", ["documented"], digest=True, remember=keep)
    assert first.modules["documented"] == "documented==1.0" and len(probes) == 1
    assert probe("python3", ["documented"], digest=True, remember=keep) == first
    assert len(probes) == 1  # kept
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: documented\nVersion: 1.1\n")
    upgraded = probe("python3", ["documented"], digest=True, remember=keep)
    assert len(probes) == 2 and upgraded.modules["documented"] == "documented==1.1"
    assert upgraded.digest != first.digest
    (site / "other.py").write_text("")  # a module appears in a folder of sys.path
    probe("python3", ["documented"], digest=True, remember=keep)
    assert len(probes) == 3
    probe("python3", ["documented", "json_extra"], digest=True, remember=keep)
    assert len(probes) == 4  # a module it was not asked about before
    monkeypatch.setenv("PYTHONPATH", f"{site}{os.pathsep}{tmp_path}")
    probe("python3", ["documented"], digest=True, remember=keep)
    assert len(probes) == 5  # another environment
