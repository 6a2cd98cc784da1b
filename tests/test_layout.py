"""The package layout is the pipeline: each stage imports only the stages below it.

``ls notebook_gen/`` shows the stages; this test keeps the arrows between them pointing one
way, so that a reader can follow the data from ``commands/`` down to ``convert/``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "notebook_gen"
SHARED = {"atomic", "errors", "model", "regular_file", "settings", "version"}
"""Top-level modules every stage may use."""

MAY_IMPORT = {
    "links": set(),
    "convert": {"links"},
    "lint": {"convert"},
    "builder": {"convert", "links", "lint"},
    "execute": {"convert", "lint"},
    "report": {"convert", "execute", "links"},
    "commands": {"builder", "convert", "execute", "links", "lint", "report"},
}
"""Stage -> the stages it may import (besides the shared modules)."""


def _stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imported_stages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] if node.module != "notebook_gen" else [
                f"notebook_gen.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found.update(name.split(".")[1] for name in names
                     if name.startswith("notebook_gen.") and name.count(".") >= 1)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        stage = _stage_of(path)
        graph[stage] |= _imported_stages(path) - {stage}
    return graph


def test_the_top_of_the_package_is_the_stages_and_the_shared_modules() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert stages == set(MAY_IMPORT)
    assert modules == SHARED | {"__init__", "__main__", "cli"}


def test_each_stage_imports_only_the_stages_below_it() -> None:
    graph = _graph()
    for stage, allowed in MAY_IMPORT.items():
        assert graph[stage] - SHARED <= allowed, f"{stage}/ imports {graph[stage] - SHARED}"
    for shared in SHARED:
        assert graph[shared] <= SHARED, f"{shared}.py imports {graph[shared]}"


def test_no_import_cycle_between_stages() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(stage: str, path: tuple[str, ...]) -> None:
        assert stage not in path, "import cycle: " + " -> ".join((*path, stage))
        if stage in done:
            return
        for below in graph.get(stage, ()):
            visit(below, (*path, stage))
        done.add(stage)

    for stage in list(graph):
        visit(stage, ())
