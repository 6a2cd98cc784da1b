"""Reading ``python -X importtime``: what importing the project costs, and who pays it.

Python prints one line per module imported, ``import time: SELF | CUMULATIVE | NAME``
(microseconds), a module's own imports before it and indented two spaces deeper. The
interpreter's start-up imports (``encodings``, ``site``, ``runpy``...) come first, as
top-level entries; everything from the first top-level entry that involves the project on
is the project's doing: the project's modules, its dependencies and the standard-library
modules they pull in. Their self times add up to the import time a command pays.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

PROJECT = "notebook_gen"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)\s*$")


@dataclass(frozen=True)
class Entry:
    name: str
    self_us: int
    cumulative_us: int
    depth: int
    parent: str | None = None
    """The module whose import imported this one (None at the top level)."""


def parse(stderr: str) -> list[Entry]:
    """The import entries of a ``-X importtime`` run, in printed order, with parents."""
    raw = [(m[4], int(m[1]), int(m[2]), len(m[3]) // 2) for line in stderr.splitlines()
           if (m := _LINE.match(line))]
    parents: list[str | None] = [None] * len(raw)
    enclosing: dict[int, str] = {}
    for index in range(len(raw) - 1, -1, -1):  # a module is printed after its imports
        name, _, _, depth = raw[index]
        parents[index] = enclosing.get(depth - 1)
        enclosing[depth] = name
    return [Entry(name, own, total, depth, parent)
            for (name, own, total, depth), parent in zip(raw, parents, strict=True)]


def root(name: str) -> str:
    return name.split(".", 1)[0]


def category(name: str) -> str:
    """``project``, ``stdlib`` or ``dependency`` (everything else, third-party)."""
    top = root(name)
    if top == PROJECT:
        return "project"
    if top in sys.stdlib_module_names or top.startswith("_frozen"):
        return "stdlib"
    return "dependency"


def after_startup(entries: list[Entry]) -> list[Entry]:
    """The entries from the first top-level import tree that holds a project module on."""
    start = 0
    for index, entry in enumerate(entries):
        if entry.depth == 0:
            tree = entries[start:index + 1]
            if any(category(e.name) == "project" for e in tree):
                return entries[start:]
            start = index + 1
    return []


@dataclass(frozen=True)
class ImportReport:
    total_ms: float
    by_category: dict[str, float] = field(default_factory=dict)
    offenders: list[tuple[str, float, str]] = field(default_factory=list)
    """Modules outside the project that a project module (or a function of it, at the top
    level) imported: (name, cumulative ms, imported by), the dearest first."""
    own: list[tuple[str, float]] = field(default_factory=list)
    """Project modules by their own (self) import time, the dearest first."""

    @property
    def budgeted_ms(self) -> float:
        """What the budget counts: the project's modules and its dependencies' (the
        standard library's are reported beside it: any program pays them)."""
        return self.by_category.get("project", 0.0) + self.by_category.get("dependency", 0.0)


def report(stderr: str, top: int = 10) -> ImportReport:
    entries = after_startup(parse(stderr))
    by_category: dict[str, float] = {}
    for entry in entries:
        kind = category(entry.name)
        by_category[kind] = by_category.get(kind, 0.0) + entry.self_us / 1000
    outside = [(e.name, e.cumulative_us / 1000, e.parent or "(a function, at run time)")
               for e in entries if category(e.name) != "project"
               and (e.parent is None or category(e.parent) == "project")]
    own = [(e.name, e.self_us / 1000) for e in entries if category(e.name) == "project"]
    return ImportReport(sum(e.self_us for e in entries) / 1000, by_category,
                        sorted(outside, key=lambda item: -item[1])[:top],
                        sorted(own, key=lambda item: -item[1])[:top])


def describe(found: ImportReport) -> str:
    """The breakdown, as lines for the bench's output."""
    split = ", ".join(f"{kind} {found.by_category.get(kind, 0.0):.1f} ms"
                      for kind in ("project", "dependency", "stdlib"))
    lines = [f"  total {found.total_ms:.1f} ms: {split}",
             "  dearest imports from outside the project (cumulative, imported by):"]
    lines += [f"    {ms:7.1f} ms  {name}  <- {by}" for name, ms, by in found.offenders]
    lines.append("  dearest project modules (own time, without their imports):")
    lines += [f"    {ms:7.1f} ms  {name}" for name, ms in found.own]
    return "\n".join(lines)
