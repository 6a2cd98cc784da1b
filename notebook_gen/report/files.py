"""The report files a run can write, by option name, with what each is for: the command
line offers them (``--junit FILE``, ...) from here without loading any renderer, and
:mod:`notebook_gen.report.formats` pairs each with its renderer."""

from __future__ import annotations

REPORT_FILES = (
    ("junit", "JUnit XML, one testcase per notebook (for CI dashboards)"),
    ("json", "all results as JSON (input of 'report merge')"),
    ("summary", "Markdown summary (e.g. $GITHUB_STEP_SUMMARY)"),
    ("html", "a self-contained HTML page to read after the run"),
)
