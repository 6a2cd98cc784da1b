"""Read the link tests' data files (``tests/fixtures/links``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "links"
DOCS = FIXTURES / "docs" / "source"
PACKAGE = "toylib"


@dataclass
class Case:
    title: str
    sections: dict[str, list[str]] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return "\n".join(self.sections.get(name, []))


def read_cases(path: Path) -> list[Case]:
    """``=== title`` starts a case, ``--- name`` a section; earlier lines are notes."""
    cases: list[Case] = []
    section: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            cases.append(Case(line[4:].strip()))
            section = None
        elif line.startswith("--- ") and cases:
            section = cases[-1].sections.setdefault(line[4:].strip(), [])
        elif section is not None:
            section.append(line)
    for case in cases:  # a blank line separates cases; it belongs to none
        for lines in case.sections.values():
            while lines and not lines[-1]:
                lines.pop()
    return cases
