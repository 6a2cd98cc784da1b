"""Failure classes: ordered rules over the error's name and message."""

from __future__ import annotations

import nbformat
import pytest

from notebook_gen.execute.results import FailureKind
from notebook_gen.execute.triage import (
    CellAt,
    PageRef,
    chained_errors,
    classify,
    excerpt,
    plain,
    raised,
)

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


# --- the exception chain: a library's own error raised from a network error ---

RED, CYAN, RESET = "\x1b[31m", "\x1b[36m", "\x1b[39m"
CAUSE = "\nThe above exception was the direct cause of the following exception:\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n"


def _ipython_section(ename: str, evalue: str) -> list[str]:
    """One exception of a chain as IPython sends it: a coloured header, a frame, the error."""
    return [
        f"{RED}{'-' * 75}{RESET}",
        f"{RED}{ename}{RESET}{' ' * 20}Traceback (most recent call last)",
        f"{CYAN}Cell{RESET} In[3], line 7\n      5 try:\n----> 7     fetch()\n",
        f"{RED}{ename}{RESET}: {evalue}",
    ]


def _plain_section(ename: str, evalue: str) -> list[str]:
    """One exception of a chain as Python itself prints it (``%xmode plain``, other kernels)."""
    return ["Traceback (most recent call last):", '  File "hub.py", line 3, in fetch',
            "    raise error", f"{ename}: {evalue}"]


# (traceback lines, what the chain holds, class of the outermost LocalEntryNotFoundError)
CHAINS = [
    pytest.param([*_ipython_section("ConnectError", "[Errno 111] Connection refused"), CAUSE,
                  *_ipython_section("LocalEntryNotFoundError", "not in the local cache")],
                 [("ConnectError", "[Errno 111] Connection refused")], FailureKind.NETWORK,
                 id="ipython-cause"),
    pytest.param([*_plain_section("requests.exceptions.ConnectionError", "Max retries\nexceeded"),
                  CONTEXT, *_plain_section("huggingface_hub.errors.LocalEntryNotFoundError",
                                           "not in the local cache")],
                 [("requests.exceptions.ConnectionError", "Max retries")], FailureKind.NETWORK,
                 id="plain-context-qualified-multiline"),
    pytest.param([*_ipython_section("gaierror", "[Errno -3] Temporary failure"), CONTEXT,
                  *_ipython_section("KeyError", "'token'"), CAUSE,
                  *_ipython_section("LocalEntryNotFoundError", "not in the local cache")],
                 [("gaierror", "[Errno -3] Temporary failure"), ("KeyError", "'token'")],
                 FailureKind.NETWORK, id="three-deep"),
    pytest.param([*_ipython_section("KeyError", "'revision'"), CAUSE,
                  *_ipython_section("LocalEntryNotFoundError", "not in the local cache")],
                 [("KeyError", "'revision'")], FailureKind.ERROR, id="no-network-cause"),
    pytest.param(_ipython_section("LocalEntryNotFoundError", "not in the local cache"), [],
                 FailureKind.ERROR, id="no-chain"),
]


@pytest.mark.parametrize(("lines", "chain", "kind"), CHAINS)
def test_a_network_error_anywhere_in_the_chain_is_network(
    lines: list[str], chain: list[tuple[str, str]], kind: FailureKind
) -> None:
    assert chained_errors(plain("\n".join(lines))) == chain
    cell = nbformat.v4.new_code_cell("hf_hub_download('x')", metadata={"notebook_gen": {"line": 9}})
    cell.outputs = [nbformat.v4.new_output(
        "error", ename="LocalEntryNotFoundError", evalue="not in the local cache", traceback=lines)]
    failure = raised(CellAt(cell, 0, 1), PageRef("docs/source/en/hub.md", "docs/source"))
    assert failure.kind is kind
    if kind is FailureKind.NETWORK:
        name, value = chain[0]  # the deepest network error
        assert failure.message.endswith(f"(caused by {name}: {value})")


def test_an_install_cell_stays_install_whatever_its_chain() -> None:
    assert classify("RuntimeError", "pip failed", ["install"],
                    causes=[("ConnectionError", "offline")]) is FailureKind.INSTALL
