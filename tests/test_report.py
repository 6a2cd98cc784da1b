"""Reports from a known run: console, JUnit XML (schema shape), JSON, Markdown, HTML, merge."""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notebook_gen.commands import report as command
from notebook_gen.execute.results import (
    CellFailure,
    FailureKind,
    NotebookResult,
    OutputMismatch,
    RunReport,
    Status,
    report_from_dict,
    report_to_dict,
)
from notebook_gen.report import console, html_page, json_file, junit, markdown
from notebook_gen.report.merge import merge

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
        "notebook", "status", "class", "seconds", "code", "cell", "doc", "line"
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
        "| `en/pytorch/quicktour.ipynb` | error | 2 | `docs/source/en/quicktour.md:123` |" in text
    )
    assert "<summary>1 output warnings</summary>" in text
    assert "- `en/tensorflow/tour.ipynb`: needs TensorFlow" in text


def test_html_is_self_contained_and_escapes_what_it_shows() -> None:
    page = html_page.render(REPORT)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "@import" not in page
    assert "&lt;bad&gt; &amp; worse" in page and "<bad>" not in page
    assert page.count('<span class="status failed">') == 1
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
