"""``--junit FILE``: JUnit XML, one testcase per notebook, for CI dashboards.

The shape is the common one (``testsuites/testsuite/testcase`` with
``failure``, ``skipped``, ``system-out``) that Jenkins, GitLab and GitHub
test-report actions read. A failure's message names the cell and the
documentation line; its text holds the cell source and the traceback.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from notebook_gen.execute.results import CellFailure, NotebookResult, RunReport, Status
from notebook_gen.report import text

SUITE = "notebook-gen execute"


def render(report: RunReport) -> str:
    """The report as a JUnit XML document."""
    counts = {
        "tests": str(len(report.results)),
        "failures": str(report.count(Status.FAILED)),
        "errors": "0",
        "skipped": str(report.count(Status.SKIPPED)),
        "time": f"{report.seconds:.3f}",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    properties = ET.SubElement(suite, "properties")
    facts = {**report.meta, **({"shard": report.shard} if report.shard else {})}
    for name, value in sorted(facts.items()):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for result in report.results:
        _testcase(suite, result)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, result: NotebookResult) -> None:
    parent = str(PurePosixPath(result.name).parent)
    attributes = {
        "classname": "notebooks" if parent == "." else "notebooks." + parent.replace("/", "."),
        "name": result.name,
        "time": f"{result.seconds:.3f}",
    }
    case = ET.SubElement(suite, "testcase", attributes)
    if result.failure is not None:
        failure = ET.SubElement(
            case, "failure", {"message": text.detail(result), "type": result.failure.kind.value}
        )
        failure.text = _failure_text(result.failure)
    elif result.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", {"message": result.skip_reason or "skipped"})
    notes = [*text.mismatch_lines(result)]
    if result.status is Status.CACHED:
        notes.insert(0, "cached: passed before with the same content and environment")
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)


def _failure_text(failure: CellFailure) -> str:
    parts = [failure.message]
    if failure.source:
        parts.append("Cell source:\n" + _indent(failure.source))
    if failure.ename:
        parts.append(f"{failure.ename}: {failure.evalue}")
    if failure.traceback:
        parts.append(failure.traceback)
    return "\n\n".join(parts)


def _indent(source: str) -> str:
    return "\n".join("    " + line for line in source.splitlines())
