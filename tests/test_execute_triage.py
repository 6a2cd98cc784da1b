"""Failure classes: ordered rules over the error's name and message."""

from __future__ import annotations

import nbformat
import pytest

from notebook_gen.execute.results import FailureKind
from notebook_gen.execute.triage import CellAt, PageRef, classify, excerpt, plain, raised

# exception name, message, cell tags, class
CASES = [
    ("ValueError", "bad value", [], FailureKind.ERROR),
    ("ConnectionError", "Max retries exceeded", [], FailureKind.NETWORK),
    ("gaierror", "[Errno -3] Temporary failure in name resolution", [], FailureKind.NETWORK),
    ("HTTPError", "429 Client Error: Too Many Requests", [], FailureKind.NETWORK),
    ("HfHubHTTPError", "503 Server Error: Service Unavailable", [], FailureKind.NETWORK),
    ("HTTPError", "404 Client Error: Not Found", [], FailureKind.ERROR),
    ("OSError", "We couldn't connect to 'https://huggingface.co' to load", [], FailureKind.NETWORK),
    ("OSError", "No such file or directory", [], FailureKind.ERROR),
    ("ModuleNotFoundError", "No module named 'nope'", ["install"], FailureKind.INSTALL),
    ("ConnectionError", "pip could not reach the index", ["install"], FailureKind.INSTALL),
]

# under --no-install: exception name, message, class
NO_INSTALL = [
    ("ModuleNotFoundError", "No module named 'nope'", FailureKind.MISSING_MODULE),
    # the package is there, not the submodule: the page imports the wrong thing
    ("ModuleNotFoundError", "No module named 'transformers.nope'", FailureKind.ERROR),
    ("ImportError", "cannot import name 'Nope' from 'transformers'", FailureKind.ERROR),
]


@pytest.mark.parametrize(("ename", "evalue", "tags", "kind"), CASES)
def test_classify(ename: str, evalue: str, tags: list[str], kind: FailureKind) -> None:
    assert classify(ename, evalue, tags) is kind


@pytest.mark.parametrize(("ename", "evalue", "kind"), NO_INSTALL)
def test_classify_without_install_cells(ename: str, evalue: str, kind: FailureKind) -> None:
    assert classify(ename, evalue, [], no_install=True) is kind


def _failed_cell(metadata: dict[str, object]) -> object:
    cell = nbformat.v4.new_code_cell("import nope", metadata=metadata)
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ModuleNotFoundError",
            evalue="No module named 'nope'",
            traceback=["\x1b[0;31mModuleNotFoundError\x1b[0m: No module named 'nope'"],
        )
    ]
    return cell


def test_a_raised_error_reads_as_a_sentence_about_the_page() -> None:
    ref = PageRef("docs/source/en/quicktour.md", "docs/source")
    failure = raised(CellAt(_failed_cell({"notebook_gen": {"line": 123}}), 4, 3), ref)
    assert failure.message == (
        "code cell 3 (docs/source/en/quicktour.md:123) raised ModuleNotFoundError: "
        "No module named 'nope'"
    )
    assert failure.location == "docs/source/en/quicktour.md:123"
    assert failure.traceback == "ModuleNotFoundError: No module named 'nope'"


def test_cells_the_build_added_point_to_their_origin() -> None:
    ref = PageRef("docs/source/en/quicktour.md", "docs/source")
    cell = _failed_cell({"notebook_gen": {"origin": "en/_config.py"}, "tags": ["install"]})
    failure = raised(CellAt(cell, 0, 1), ref)
    assert failure.kind is FailureKind.INSTALL
    assert failure.message.startswith(
        "code cell 1 (docs/source/en/_config.py) (an install cell) raised ModuleNotFoundError"
    )
    assert failure.location == "docs/source/en/_config.py"


def test_without_provenance_there_is_no_location() -> None:
    failure = raised(CellAt(_failed_cell({}), 0, 1), PageRef())
    assert failure.location is None and failure.message.startswith("code cell 1 raised")


def test_long_sources_keep_their_head_and_tail() -> None:
    source = "\n".join(f"line {n}" for n in range(40))
    lines = excerpt(source).splitlines()
    assert lines[0] == "line 0" and lines[-1] == "line 39" and "(28 lines)" in lines[6]


def test_plain_removes_ansi_colours() -> None:
    assert plain("\x1b[1;31mError\x1b[0m") == "Error"
