"""``--junit FILE``: JUnit XML, one testcase per notebook, for CI dashboards.

The shape is the common one (``testsuites/testsuite/testcase`` with
``failure``, ``skipped``, ``system-out``) that Jenkins, GitLab and GitHub
test-report actions read. A failure's message names the cell and the
documentation line; its text holds the cell source and the traceback.

The document is always well-formed XML 1.0: colour codes are removed and every
character XML 1.0 forbids (other control characters, lone surrogates, U+FFFE)
is written as a visible escape (``\x07``) in every attribute and text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from notebook_gen.execute.results import (
    CellFailure,
    NotebookResult,
    RunReport,
    SourceRepository,
    Status,
)
from notebook_gen.execute.triage import plain
from notebook_gen.report import text
from notebook_gen.report.pages import source_url

SUITE = "notebook-gen execute"
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's ``Char`` production."""


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
        _testcase(suite, result, report.repository)
    for element in root.iter():
        element.text = None if element.text is None else xml_text(element.text)
        for name, value in element.attrib.items():
            element.set(name, xml_text(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, result: NotebookResult,
              repository: SourceRepository | None) -> None:
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
        failure.text = _failure_text(result.failure,
                                     source_url(repository, text.doc_line(result)))
    elif result.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", {"message": result.skip_reason or "skipped"})
    notes = [*([text.shared(result)] if result.shared_run else []),
             *text.mismatch_lines(result)]
    if result.status is Status.CACHED:
        notes.insert(0, "cached: passed before with the same content and environment")
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)


def _failure_text(failure: CellFailure, url: str | None) -> str:
    parts = [failure.message] if url is None else [failure.message, f"Page: {url}"]
    if failure.source:
        parts.append("Cell source:\n" + _indent(failure.source))
    if failure.ename:
        parts.append(f"{failure.ename}: {failure.evalue}")
    if failure.traceback:
        parts.append(failure.traceback)
    return "\n\n".join(parts)


def _indent(source: str) -> str:
    return "\n".join("    " + line for line in source.splitlines())


def xml_text(value: str) -> str:
    """``value`` as XML 1.0 allows it: no colour codes, forbidden characters escaped."""
    return _FORBIDDEN.sub(text.escape_char, plain(value))

