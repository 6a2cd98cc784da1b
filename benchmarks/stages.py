"""Where a profile's time goes, by pipeline stage.

Every function of a :mod:`cProfile` profile belongs to a stage by the file it lives in
(``STAGES``: the project's modules and the dependencies they drive). Functions of neither
(the standard library, built-ins such as ``str.join`` or ``posix.replace``) are charged to
the stage that called them, split between their callers by the time spent along each call
edge: ``json.dumps`` called from the serialiser is serialisation, ``hashlib`` called from
the change check is the change check. Module bodies and the import machinery are
``imports``. The stages add up to the profile's total.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Func = tuple[str, int, str]
"""(file name, line, function name), as :mod:`pstats` keys functions."""

STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("parse (markdown-it, front matter)", (
        "notebook_gen/convert/parse.py",
        "markdown_it/", "mdit_py_plugins/", "yaml/")),
    ("blocks (dialect)", ("notebook_gen/convert/blocks.py", "notebook_gen/convert/dialect/")),
    ("links", ("notebook_gen/links/",)),
    ("variants", ("notebook_gen/convert/frameworks.py",)),
    ("cells (samples, outputs)", ("notebook_gen/convert/cells.py",
                                  "notebook_gen/convert/samples.py")),
    ("notebook (metadata, ids)", ("notebook_gen/convert/notebook.py",
                                  "notebook_gen/convert/metadata.py",
                                  "notebook_gen/convert/page.py")),
    ("serialise", ("notebook_gen/convert/serialize.py", "nbformat/")),
    ("lint", ("notebook_gen/lint/",)),
    ("write", ("notebook_gen/builder/output/folder.py",)),
    ("read, hash, change check", ("notebook_gen/builder/inputs/discover.py",
                                  "notebook_gen/builder/quick.py",
                                  "notebook_gen/builder/snapshot.py",
                                  "notebook_gen/builder/manifest.py")),
    ("toctree, config", ("notebook_gen/builder/inputs/toctree.py",
                         "notebook_gen/builder/inputs/config.py")),
    ("index", ("notebook_gen/builder/output/index.py",)),
    ("shared (errors, model)", ("notebook_gen/errors.py", "notebook_gen/model.py",
                                "notebook_gen/version.py")),
    ("orchestration (tree, pool, command)", (
        "notebook_gen/builder/", "notebook_gen/commands/", "notebook_gen/cli.py",
        "notebook_gen/settings.py", "tqdm/")),
)
"""Stage -> path fragments of its files; the first match wins (so ``builder/`` last)."""

IMPORTS = "imports (module bodies)"
OTHER = "other (no project caller)"


def stage_of(func: Func) -> str | None:
    """The stage a function belongs to, or None when its callers decide."""
    path, _, name = func
    if name == "<module>" or path.startswith("<frozen importlib"):
        return IMPORTS
    path = path.replace("\\", "/")
    for stage, fragments in STAGES:
        if any(f"/{fragment}" in path for fragment in fragments):
            return stage
    if "/notebook_gen/" in path:  # a module added since STAGES was written
        return "notebook_gen/" + path.split("/notebook_gen/", 1)[1].split("/")[0]
    return None


Stats = dict[Func, tuple[Any, ...]]
"""``pstats.Stats.stats``: func -> (calls, primitive calls, own time, cumulative time,
callers), callers: caller -> (calls, primitive calls, own time, cumulative time)."""


def by_stage(stats: Stats, stage: Callable[[Func], str | None] = stage_of) -> dict[str, float]:
    """Seconds per stage: each function's own time, charged to its stage or its callers'."""
    memo: dict[Func, dict[str, float]] = {}

    def shares(func: Func, edge: int, visiting: frozenset[Func]) -> dict[str, float]:
        own = stage(func)
        if own is not None:
            return {own: 1.0}
        if edge == 3 and func in memo:
            return memo[func]
        callers = {caller: times[edge] for caller, times in stats[func][4].items()
                   if caller not in visiting and caller in stats}
        weight = sum(callers.values())
        if not callers:
            return {OTHER: 1.0}
        found: dict[str, float] = {}
        for caller, time in callers.items():
            part = time / weight if weight > 0 else 1 / len(callers)
            for name, share in shares(caller, 3, visiting | {func}).items():
                found[name] = found.get(name, 0.0) + part * share
        if edge == 3:
            memo[func] = found
        return found

    seconds: dict[str, float] = {}
    for func, (_, _, own_time, _, _) in stats.items():
        # The first hop splits by the caller's share of this function's own time, further
        # hops by the time spent below each caller (the only figure cProfile keeps there).
        for name, share in shares(func, 2, frozenset()).items():
            seconds[name] = seconds.get(name, 0.0) + own_time * share
    return dict(sorted(seconds.items(), key=lambda item: -item[1]))
