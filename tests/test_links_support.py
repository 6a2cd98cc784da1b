"""Read the link tests' data files (``tests/fixtures/links``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.urls import LinkContext

FIXTURES = Path(__file__).parent / "fixtures" / "links"
DOCS = FIXTURES / "docs" / "source"
PACKAGE = "toylib"
FIRST_LINE = 10
"""The page line of a case's first input line (unresolved references are reported from it)."""


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


def context(case: Case) -> LinkContext:
    """The case's ``--- context`` lines (``page=...``, ``lang=...``) as a link context."""
    values = dict(line.split("=", 1) for line in case.sections.get("context", []))
    return LinkContext(package=PACKAGE, **values)


def check_rewrite(case: Case, resolver: LinkResolver) -> None:
    """The case's input rewrites to its ``--- output``, and its ``--- unresolved`` lines
    start the warnings, in order (``LINE: NAME: reason``)."""
    text, unresolved = resolver.rewrite(case.text("input"), context(case), FIRST_LINE)
    assert text == case.text("output")
    got = [f"{u.line}: {u.name}: {u.reason}" for u in unresolved]
    expected = case.sections.get("unresolved", [])
    assert len(got) == len(expected), got
    for line, wanted in zip(got, expected, strict=True):
        assert line.startswith(wanted), (line, wanted)
