"""Reports from a known run: console, JUnit XML (schema shape), JSON, Markdown, HTML, merge."""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest

from notebook_gen.commands import report as command
from notebook_gen.execute.results import (
    CellFailure,
    FailureKind,
    NotebookResult,
    OutputMismatch,
    RunReport,
    SourceRepository,
    Status,
    report_from_dict,
    report_to_dict,
)
from notebook_gen.report import console, html_page, json_file, junit, markdown
from notebook_gen.report.formats import write_requested
from notebook_gen.report.json_file import merge
from notebook_gen.report.pages import by_page, colab_url, source_url, variant

FAILURE = CellFailure(
    kind=FailureKind.ERROR,
    message="code cell 2 (docs/source/en/quicktour.md:123) raised ValueError: <bad> & worse",
    cell_index=3,
    code_cell=2,
    location="docs/source/en/quicktour.md:123",
    source="model = load('x')\nmodel(1)",
    ename="ValueError",
    evalue="<bad> & worse",
    traceback="Traceback (most recent call last):\nValueError: <bad> & worse",
)
RESULTS = (
    NotebookResult("en/install.ipynb", Status.CACHED, 0.0, "docs/source/en/install.md"),
    NotebookResult(
        "en/pytorch/quicktour.ipynb",
        Status.FAILED,
        12.5,
        "docs/source/en/quicktour.md",
        failure=FAILURE,
        attempts=2,
    ),
    NotebookResult(
        "en/pytorch/tour.ipynb",
        Status.PASSED,
        4.25,
        "docs/source/en/tour.md",
        mismatches=(OutputMismatch(2, "docs/source/en/tour.md:40", "41", "42\n", code_cell=2),),
    ),
    NotebookResult(
        "en/tensorflow/tour.ipynb",
        Status.SKIPPED,
        0.0,
        "docs/source/en/tour.md",
        skip_reason="needs TensorFlow (tensorflow is not importable)",
    ),
)
REPORT = RunReport(RESULTS, 17.0, meta={"kernel": "python3", "python": "3.11.7"})


def test_console_table_then_failures_warnings_and_totals() -> None:
    lines = console.render(REPORT).splitlines()
    assert lines[0].split() == [
        "notebook", "status", "class", "seconds", "code", "cell", "doc", "line", "run"
    ]
    assert lines[3].split() == [
        "en/pytorch/quicktour.ipynb",
        "failed",
        "error",
        "12.5",
        "2",
        "docs/source/en/quicktour.md:123",
    ]
    assert lines[6].startswith(
        "FAILED en/pytorch/quicktour.ipynb: code cell 2 (docs/source/en/quick"
    )
    assert lines[6].endswith("(after 2 attempts)")
    assert lines[7] == (
        "WARNING en/pytorch/tour.ipynb: code cell 2 (docs/source/en/tour.md:40) "
        "printed '42' where the page shows '41'"
    )
    assert lines[8].startswith("SKIPPED en/tensorflow/tour.ipynb: needs TensorFlow")
    assert lines[-1] == "4 notebooks: 1 passed, 1 failed, 1 skipped, 1 cached, 1 warning in 17.0 s"


# The shape of the JUnit XML that CI dashboards read (after the widely used junit-10.xsd):
# element -> (allowed attributes, required attributes, allowed children).
JUNIT_SHAPE = {
    "testsuites": (
        {"name", "time", "tests", "failures", "errors", "skipped", "disabled"},
        set(),
        {"testsuite"},
    ),
    "testsuite": (
        {
            "name",
            "tests",
            "failures",
            "errors",
            "skipped",
            "time",
            "timestamp",
            "hostname",
            "id",
            "package",
            "disabled",
            "file",
        },
        {"name", "tests"},
        {"properties", "testcase", "system-out", "system-err"},
    ),
    "properties": (set(), set(), {"property"}),
    "property": ({"name", "value"}, {"name", "value"}, set()),
    "testcase": (
        {"name", "classname", "time", "assertions", "status", "file", "line"},
        {"name"},
        {"skipped", "error", "failure", "system-out", "system-err"},
    ),
    "failure": ({"message", "type"}, set(), set()),
    "error": ({"message", "type"}, set(), set()),
    "skipped": ({"message"}, set(), set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}


def _check_shape(element: ET.Element) -> None:
    allowed, required, children = JUNIT_SHAPE[element.tag]
    assert set(element.attrib) <= allowed, (element.tag, element.attrib)
    assert required <= set(element.attrib), (element.tag, element.attrib)
    for child in element:
        assert child.tag in children, (element.tag, child.tag)
        _check_shape(child)


def test_junit_has_the_schema_shape_and_consistent_counts() -> None:
    root = ET.fromstring(junit.render(REPORT))
    assert root.tag == "testsuites"
    _check_shape(root)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests", "")) == 4
    assert int(suite.get("failures", "")) == len(suite.findall("testcase/failure")) == 1
    assert int(suite.get("skipped", "")) == len(suite.findall("testcase/skipped")) == 1
    for element in root.iter():
        if "time" in element.attrib:
            float(element.attrib["time"])


def test_junit_failure_names_cell_line_source_and_error() -> None:
    root = ET.fromstring(junit.render(REPORT))
    case = root.find("testsuite/testcase[@name='en/pytorch/quicktour.ipynb']")
    assert case is not None and case.get("classname") == "notebooks.en.pytorch"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "code cell 2 (docs/source/en/quicktour.md:123)" in failure.get("message", "")
    body = failure.text or ""
    assert "    model = load('x')" in body and "ValueError: <bad> & worse" in body


def test_json_round_trip_and_format_check(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json_file.render(REPORT))
    assert json_file.read(path) == REPORT
    assert report_from_dict(report_to_dict(REPORT)) == REPORT
    path.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(ValueError, match="not a notebook-gen execution report"):
        json_file.read(path)


def test_markdown_summary() -> None:
    text = markdown.render(REPORT)
    assert text.startswith("## ❌ Notebook execution\n")
    assert (
        "| `docs/source/en/quicktour.md` | PyTorch ❌ | error | 2 "
        "| `docs/source/en/quicktour.md:123` | code cell 2" in text
    )
    assert "<summary>1 output warnings</summary>" in text
    assert "- `en/tensorflow/tour.ipynb`: needs TensorFlow" in text


def test_html_is_self_contained_and_escapes_what_it_shows() -> None:
    page = html_page.render(REPORT)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "@import" not in page
    assert "&lt;bad&gt; &amp; worse" in page and "<bad>" not in page
    assert page.count('<span class="status failed">') == 2  # the page's row, its notebook's
    assert 'style="width: 100.0%"' in page  # the slowest notebook's bar is full
    assert "<details><summary>code cell 2" in page


def test_merge_combines_shards_by_name() -> None:
    first = RunReport(RESULTS[:2], 10.0, shard="1/2", meta={"kernel": "python3"})
    second = RunReport(RESULTS[2:], 17.0, shard="2/2", meta={"kernel": "python3"})
    merged = merge([second, first])
    assert merged.results == RESULTS
    assert merged.seconds == 17.0 and merged.meta["shards"] == "1/2, 2/2"
    rerun = RunReport((RESULTS[1].__class__(RESULTS[1].name, Status.PASSED, 1.0),), 1.0)
    assert merge([first, rerun]).results[1].status is Status.PASSED  # later report wins


def _merge_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    return parser.parse_args(["report", "merge", *argv])


def test_report_merge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shard_files = []
    for index, part in enumerate((RESULTS[:2], RESULTS[2:]), start=1):
        path = tmp_path / f"shard-{index}.json"
        path.write_text(json_file.render(RunReport(part, 1.0, shard=f"{index}/2")))
        shard_files.append(str(path))
    junit_path, summary = tmp_path / "all.xml", tmp_path / "all.md"
    args = _merge_args(*shard_files, "--junit", str(junit_path), "--summary", str(summary))
    assert args.func(args) == 1  # a shard had a failure
    assert "4 notebooks: 1 passed, 1 failed, 1 skipped, 1 cached" in capsys.readouterr().out
    assert len(ET.parse(junit_path).getroot().findall("testsuite/testcase")) == 4
    assert summary.read_text().startswith("## ❌")


def test_report_merge_of_a_bad_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    args = _merge_args(str(bad))
    assert args.func(args) == 2
    assert "bad.json" in capsys.readouterr().err


HOSTILE = RunReport(
    (
        NotebookResult(
            "en/\x1b]0;owned\x07`odd`\x07name\x1b[2J.ipynb",
            Status.FAILED,
            1.0,
            failure=CellFailure(
                kind=FailureKind.ERROR,
                message="code cell 1 raised ValueError: <img src=x onerror=alert(1)> \x1b[31mred",
                code_cell=1,
                ename="ValueError",
                evalue="<img src=x onerror=alert(1)> \x1b[31mred\x1b[0m \x00\x08\ufffe",
                traceback="\x1b[31mValueError\x1b[0m: \x0b\x0c\ud800",
            ),
        ),
    ),
    1.0,
    warnings=("--cache x: not usable (<b>)",),
)


def test_hostile_names_and_messages_are_shown_not_obeyed() -> None:
    document = junit.render(HOSTILE)
    root = ET.fromstring(document)  # well-formed XML 1.0
    body = root.findtext("testsuite/testcase/failure") or ""
    assert "ValueError: \\x0b\\x0c\\ud800" in body and "\\x00\\x08\\ufffe" in body
    assert "\x1b" not in document
    summary = markdown.render(HOSTILE)
    assert "&lt;img src=x onerror=alert(1)&gt; red" in summary and "<img" not in summary
    assert "| ``en/`odd`\\x07name.ipynb`` |" in summary  # one code span, whatever it holds
    assert "> warning: --cache x: not usable (&lt;b&gt;)" in summary
    shown = console.render(HOSTILE)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "FAILED en/`odd`\\x07name.ipynb: code cell 1 raised ValueError" in shown


def test_report_files_follow_the_umask_like_any_other_file(tmp_path: Path) -> None:
    args = argparse.Namespace(junit=tmp_path / "r.xml", json=tmp_path / "r.json",
                              summary=tmp_path / "r.md", html=tmp_path / "r.html")
    previous = os.umask(0o022)
    try:
        written = write_requested(REPORT, args)
    finally:
        os.umask(previous)
    assert len(written) == 4
    assert {stat.S_IMODE(path.stat().st_mode) for path in written} == {0o644}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "r.md", "r.xml"]


# --- reports a maintainer acts on: by page, linked to the page's line and to Colab ---

REPOSITORY = SourceRepository("acme/docs", "main", "notebooks_out")
SHARED_FAILURE = CellFailure(
    kind=FailureKind.ERROR,
    message="code cell 1 (docs/source/en/tour.md:7) raised KeyError: 'x'",
    cell_index=1,
    code_cell=1,
    location="docs/source/en/tour.md:7",
    source="d['x']",
    traceback="KeyError: 'x'",
)
BY_PAGE = RunReport(
    (
        *RESULTS,
        NotebookResult("en/tour.ipynb", Status.FAILED, 1.0, "docs/source/en/tour.md",
                       failure=SHARED_FAILURE),
        NotebookResult("en/tensorflow/install.ipynb", Status.CACHED, 0.0,
                       "docs/source/en/install.md", shared_run="en/install.ipynb"),
        NotebookResult("en/pytorch/quicktour.ipynb".replace("pytorch/", ""), Status.PASSED,
                       3.0, "docs/source/en/quicktour.md"),
        NotebookResult("en/jax/tour.ipynb", Status.FAILED, 1.0, "docs/source/en/tour.md",
                       failure=SHARED_FAILURE, shared_run="en/tour.ipynb"),
        NotebookResult("broken.ipynb", Status.FAILED, 0.0,
                       failure=CellFailure(FailureKind.BAD_NOTEBOOK, "not a notebook")),
    ),
    20.0,
    repository=REPOSITORY,
)


def test_results_are_grouped_by_page_mixed_first() -> None:
    groups = by_page(BY_PAGE.results)
    assert [(group.title, group.verdict) for group in groups] == [
        ("broken.ipynb", Status.FAILED),
        ("docs/source/en/install.md", Status.PASSED),
        ("docs/source/en/quicktour.md", Status.FAILED),
        ("docs/source/en/tour.md", Status.FAILED),
    ]
    assert [variant(r.name) for r in groups[-1].results] == ["Mixed", "PyTorch", "TensorFlow",
                                                             "JAX"]


def test_links_to_the_page_line_and_to_colab() -> None:
    assert source_url(REPOSITORY, "docs/source/en/quicktour.md:123") == (
        "https://github.com/acme/docs/blob/main/docs/source/en/quicktour.md#L123")
    assert source_url(REPOSITORY, "docs/source/en/_config.py") == (
        "https://github.com/acme/docs/blob/main/docs/source/en/_config.py")
    assert colab_url(REPOSITORY, "en/pytorch/a b.ipynb") == (
        "https://colab.research.google.com/github/acme/docs/blob/main/"
        "notebooks_out/en/pytorch/a%20b.ipynb")
    outside = SourceRepository("acme/docs", "feature/x", None)
    assert colab_url(outside, "en/a.ipynb") is None
    assert source_url(outside, "docs/a.md:3") == (
        "https://github.com/acme/docs/blob/feature/x/docs/a.md#L3")
    assert source_url(None, "docs/a.md:3") is None
    assert source_url(REPOSITORY, "../elsewhere.md:3") is None


def test_html_has_one_row_per_page_with_links_and_each_failure_once() -> None:
    page = html_page.render(BY_PAGE)
    assert page.count('<tbody class="page"') == 4
    assert page.count('<tr class="notebook"') == len(BY_PAGE.results)
    assert ('href="https://github.com/acme/docs/blob/main/docs/source/en/quicktour.md#L123"'
            in page)
    assert ('href="https://colab.research.google.com/github/acme/docs/blob/main/'
            'notebooks_out/en/pytorch/quicktour.ipynb"' in page)
    assert page.count(escape(FAILURE.message)) == 1  # was twice: summary and body
    assert page.count(escape(SHARED_FAILURE.message)) == 1  # its sharer says "the same"
    assert page.count("shares the run of en/tour.ipynb") == 1
    assert "shares the run of en/install.ipynb" in page


def test_every_report_says_whose_run_a_notebook_shares() -> None:
    assert "shares the run of en/install.ipynb" in console.render(BY_PAGE)
    junit_cases = ET.fromstring(junit.render(BY_PAGE)).findall("testsuite/testcase")
    shared = next(case for case in junit_cases if case.get("name") == "en/jax/tour.ipynb")
    failure = shared.find("failure")
    assert failure is not None and "shares the run of en/tour.ipynb" in failure.get("message", "")
    summary = markdown.render(BY_PAGE)
    row = next(line for line in summary.splitlines() if "`docs/source/en/tour.md`" in line)
    assert "[JAX](https://colab.research.google.com/github/acme/docs/blob/main/" in row
    assert row.count("KeyError") == 1  # the shared run's failure, once
    assert "[`docs/source/en/tour.md:7`](https://github.com/acme/docs/blob/main/" in row
    back = report_from_dict(json.loads(json.dumps(report_to_dict(BY_PAGE))))
    assert back == BY_PAGE
    assert merge([back, RunReport(RESULTS[:1], 1.0)]).repository == REPOSITORY


def test_html_carries_no_control_bytes() -> None:
    page = html_page.render(HOSTILE)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", page)
    assert "\\x1b]0;owned" not in page  # the OSC sequence removed, not escaped
    assert "\\x07" in page and "\\x0b\\x0c" in page  # other controls shown as escapes
