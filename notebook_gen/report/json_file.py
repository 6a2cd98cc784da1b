"""``--json FILE``: the whole report as data; ``report merge`` reads it back."""

from __future__ import annotations

import json
from pathlib import Path

from notebook_gen.execute.results import RunReport, report_from_dict, report_to_dict


def render(report: RunReport) -> str:
    """The report as indented JSON."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


def read(path: Path) -> RunReport:
    """A report written by :func:`render`; ValueError naming the file otherwise."""
    try:
        return report_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: {error}") from error
