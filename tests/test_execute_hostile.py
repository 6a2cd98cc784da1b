"""Notebooks that try to make the nightly report lie, and what the report says instead.

One module-scoped run (``--jobs 2 --sandbox``) of a folder holding the hostile
notebooks of tests/files (made by ``tests/files/make_notebooks.py``) and files
that are not notebooks feeds most tests: an error the kernel cannot send,
control characters, a 5 MB message, detached processes, a failure on a cell's
third line, GPU notebooks on a machine said to have none, a truncated file, a
folder named like a notebook, a symlink loop.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from notebook_gen.execute import environment
from notebook_gen.execute.api import execute_notebooks
from notebook_gen.execute.results import FailureKind, NotebookResult, RunReport, Status
from notebook_gen.report import console, json_file, junit, markdown
from tests.test_execute_kernels import FILES, alive

HOSTILE = [
    # notebook, status, failure class, failing cell (index among all cells)
    ("RaisesUnsendableError", Status.FAILED, FailureKind.ERROR, 0),
    ("RaisesControlCharacters", Status.FAILED, FailureKind.ERROR, 0),
    ("RaisesHugeError", Status.FAILED, FailureKind.ERROR, 0),
    ("StartsDetachedProcesses", Status.PASSED, None, None),
    ("RaisesOnThirdLine", Status.FAILED, FailureKind.ERROR, 2),
    ("ImportsMissingModule", Status.FAILED, FailureKind.ERROR, 0),
    ("NeedsGpu", Status.SKIPPED, None, None),
    ("MarkedForGpu", Status.SKIPPED, None, None),
    ("ShowsHome", Status.PASSED, None, None),
]


class Run:
    def __init__(self, report: RunReport, executed: Path) -> None:
        self.report, self.executed = report, executed

    def __getitem__(self, stem: str) -> NotebookResult:
        return next(r for r in self.report.results if r.name == f"{stem}.ipynb")

    def outputs(self, stem: str, cell: int = 0) -> str:
        copy = nbformat.read(self.executed / f"{stem}.ipynb", as_version=4)
        return "".join(out.get("text", "") for out in copy.cells[cell].outputs)


def _not_notebooks(folder: Path) -> None:
    (folder / "truncated.ipynb").write_text((FILES / "Pass.ipynb").read_text()[:100])
    (folder / "list.ipynb").write_text("[]")
    (folder / "folder.ipynb").mkdir()
    os.symlink("loop.ipynb", folder / "loop.ipynb")
    (folder / "latin1.ipynb").write_bytes(b'{"cells": "\xe9"}')


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder, executed = tmp_path_factory.mktemp("notebooks"), tmp_path_factory.mktemp("executed")
    for stem, *_ in HOSTILE:
        shutil.copy(FILES / f"{stem}.ipynb", folder)
    _not_notebooks(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(environment, "gpu_available", lambda: False)  # the same on a GPU machine
        report = execute_notebooks(
            folder, jobs=2, timeout=30, write_executed=executed, sandbox=True
        )
    return Run(report, executed)


@pytest.mark.parametrize(("stem", "status", "kind", "cell"), HOSTILE)
def test_status_class_and_failing_cell(
    run: Run, stem: str, status: Status, kind: FailureKind | None, cell: int | None
) -> None:
    result = run[stem]
    assert result.status is status, result.failure
    failure = result.failure
    assert (failure.kind if failure else None) is kind
    assert (failure.cell_index if failure else None) == cell


# 12. an error whose output never arrives on IOPub


def test_a_cell_whose_error_output_never_arrives_fails_on_the_reply(run: Run) -> None:
    failure = run["RaisesUnsendableError"].failure
    assert failure.message.startswith(
        "code cell 1 (docs/source/en/raisesunsendableerror.md:10) raised an error whose "
        "output never arrived (the kernel replied UnicodeEncodeError:"
    )
    assert run.outputs("RaisesUnsendableError", 1) == ""  # the next cell did not run


# 13. files that are not notebooks


def test_unreadable_notebooks_fail_with_a_reason_and_the_rest_run(run: Run) -> None:
    stems = {stem for stem, *_ in HOSTILE}
    reasons = {
        r.name: (r.failure.kind, r.failure.message)
        for r in run.report.results
        if r.failure is not None and r.name.removesuffix(".ipynb") not in stems
    }
    bad = FailureKind.BAD_NOTEBOOK
    assert reasons == {
        "folder.ipynb": (bad, "not a notebook: it is a directory"),
        "latin1.ipynb": (bad, "not a notebook: not UTF-8 text (byte 11)"),
        "list.ipynb": (bad, "not a notebook: a notebook is a JSON object, not list"),
        "loop.ipynb": (bad, "cannot read it: Too many levels of symbolic links"),
        "truncated.ipynb": (
            bad,
            "not a notebook: invalid JSON at line 7, column 4 (Unterminated string starting at)",
        ),
    }
    assert len(run.report.results) == len(HOSTILE) + len(reasons)  # the others all ran


# 14. reports that hold control characters and markup


def test_reports_of_control_characters_are_well_formed_and_inert(run: Run) -> None:
    failure = run["RaisesControlCharacters"].failure
    assert "\x07" in failure.evalue  # the result keeps what was raised
    document = junit.render(run.report)
    root = ET.fromstring(document)  # well-formed XML 1.0
    case = root.find("testsuite/testcase[@name='RaisesControlCharacters.ipynb']")
    assert case is not None
    body = case.findtext("failure") or ""
    assert "coloured, a bell \\x07, a form feed \\x0c and <b>markup</b>" in body
    assert "\x1b" not in document and "\x07" not in document
    summary = markdown.render(run.report)
    assert "&lt;b&gt;markup&lt;/b&gt;" in summary and "<b>" not in summary
    assert "\x1b" not in console.render(run.report)


# 15. a 5 MB exception message


def test_huge_errors_are_truncated_and_say_so(run: Run) -> None:
    failure = run["RaisesHugeError"].failure
    assert failure is not None
    assert len(failure.evalue) < 6_000 and "characters of error message omitted" in failure.evalue
    assert len(failure.traceback) < 25_000
    assert "characters of traceback omitted" in failure.traceback
    assert len(failure.message) < 1_000
    assert len(json_file.render(run.report)) < 200_000
    assert len(junit.render(run.report)) < 200_000
    copy = (run.executed / "RaisesHugeError.ipynb").stat().st_size
    assert copy < 100_000


# 16. processes that leave the kernel's process group


def _detached(run: Run) -> list[int]:
    return [int(pid) for pid in run.outputs("StartsDetachedProcesses").split()]


def test_detached_processes_are_killed_after_their_notebook(run: Run) -> None:
    pids = _detached(run)
    assert len(pids) == 2
    assert [pid for pid in pids if alive(pid)] == []


# 19. the failing statement's page line


def test_a_failure_points_at_the_failing_statements_line(run: Run) -> None:
    failure = run["RaisesOnThirdLine"].failure
    # the cell starts on page line 30; its third line called check(), defined in
    # the cell before: the frame inside check() is not on this cell's lines
    assert failure.location == "docs/source/en/raisesonthirdline.md:32"
    assert failure.code_cell == 2
    assert failure.message == (
        "code cell 2 (docs/source/en/raisesonthirdline.md:32) raised ValueError: the third line"
    )


# 20. what a maintainer acts on


def test_a_missing_module_is_an_error_of_the_page_when_install_cells_run(run: Run) -> None:
    failure = run["ImportsMissingModule"].failure
    assert failure.kind is FailureKind.ERROR and "ModuleNotFoundError" in failure.message


def test_no_install_skips_install_cells_and_names_missing_modules() -> None:
    notebooks = [FILES / "ImportsMissingModule.ipynb", FILES / "InstallFails.ipynb"]
    result, installs = execute_notebooks(notebooks, no_install=True, jobs=2).results
    assert installs.status is Status.PASSED  # its failing install cell did not run
    assert result.failure is not None and result.failure.kind is FailureKind.MISSING_MODULE
    assert result.failure.message == (
        "code cell 1 (docs/source/en/importsmissingmodule.md:10) needs module 'fitz', which is "
        "not installed: add `pip install pymupdf` to the CI install step (--no-install skips "
        "the notebook's install cells)"
    )


@pytest.mark.parametrize("stem", ["NeedsGpu", "MarkedForGpu"])
def test_a_notebook_that_needs_a_gpu_is_skipped_without_one(run: Run, stem: str) -> None:
    result = run[stem]
    assert result.skip_reason == "needs a GPU (CUDA is not available on this machine)"


# 22. a home and a temporary folder of the notebook's own


def test_sandbox_gives_each_kernel_a_home_and_tmpdir_in_its_temporary_folder(run: Run) -> None:
    seen = json.loads(run.outputs("ShowsHome"))
    home, tmp = Path(seen["home"]), Path(seen["tmp"])
    assert home != Path.home()
    assert home.name == "home" and tmp.name == "tmp" and home.parent == tmp.parent
    assert home.parent.name.startswith("notebook-gen-")
    assert not home.parent.exists()  # removed with the notebook's temporary folder
