"""The lint checks over one page's notebooks, before anything runs them.

* ``missing-install``: a code cell imports a module that is neither standard library,
  nor preinstalled on Colab, nor installed by one of the notebook's install cells.
* ``framework-leak``: another framework's code in a framework's notebook, from a block of
  the page or from its shared text (:func:`leaks`, below).

A page's variants share most cells, so a finding is reported once per page line and
module, naming the notebooks it concerns when it is not all of them; a missing install is
reported once per page and module, at its first line (one install cell fixes them all).
A module the page defines itself is not missing; a near-miss of a standard-library module
gets "did you mean" instead of an install to add (see :mod:`notebook_gen.lint.names`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from notebook_gen.convert import metadata as md
from notebook_gen.convert.frameworks import BY_MODULE, BY_NAME, BY_PACKAGE
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.lint.imports import imports_of
from notebook_gen.lint.installs import installed_by
from notebook_gen.lint.names import (
    COLAB_PREINSTALLED,
    STDLIB,
    distributions_for,
    import_table,
    is_preinstalled,
    local_modules,
    near_stdlib,
    normalize,
    preinstalled_set,
    with_requirements,
)

MISSING_INSTALL = "missing-install"
FRAMEWORK_LEAK = "framework-leak"
LINT_KINDS = (MISSING_INSTALL, FRAMEWORK_LEAK)
"""The kinds of warning the lint gives (``--strict`` makes them errors)."""


@dataclass(frozen=True)
class LintOptions:
    """What the lint knows beyond the notebook; both tables come from settings."""

    import_names: tuple[tuple[str, str], ...] = ()
    """Extra module -> distribution pairs (``[tool.notebook-gen] import_names``)."""
    colab_preinstalled: tuple[str, ...] = COLAB_PREINSTALLED
    """Distributions (or modules) Colab has without an install cell."""
    enabled: bool = True
    package: str = ""
    """The documented package (set by the build)."""
    package_modules: frozenset[str] = frozenset()
    """Its submodules that ``[[autodoc]]`` directives name: ``import debug_utils`` gets
    "did you mean ``package.debug_utils``?" (set by the build)."""

    @cached_property
    def table(self) -> Mapping[str, tuple[str, ...]]:
        """Module -> distributions (made on first use: a build with nothing to lint never
        needs it)."""
        return import_table(dict(self.import_names))

    @cached_property
    def preinstalled(self) -> frozenset[str]:
        """The normalised names of what Colab has installed (made on first use)."""
        return preinstalled_set(self.colab_preinstalled)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LintOptions:
        """From ``[tool.notebook-gen]``: ``import_names = {module = "distribution"}``,
        ``colab_preinstalled = [module, ...]`` (replaces the default list), ``lint = false``."""
        names = settings.get("import_names", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise PageError("pyproject.toml", None, "[tool.notebook-gen] import_names must "
                            "map module names to distribution names")
        preinstalled = settings.get("colab_preinstalled", COLAB_PREINSTALLED)
        if not isinstance(preinstalled, list | tuple):
            raise PageError("pyproject.toml", None,
                            "[tool.notebook-gen] colab_preinstalled must be a list of modules")
        return cls(tuple(sorted(names.items())), tuple(str(m) for m in preinstalled),
                   bool(settings.get("lint", True)))

    def fingerprint(self) -> str:
        return repr((self.import_names, self.colab_preinstalled, self.enabled, self.package,
                     sorted(self.package_modules)))


@dataclass(frozen=True)
class _Finding:
    kind: str
    line: int | None
    module: str
    message: str


def _code_cells(notebook: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            yield "".join(cell["source"]), cell["metadata"].get(md.KEY, {})


def _page_line(meta: Mapping[str, Any], cell_line: int) -> int | None:
    first = meta.get(md.LINE)
    return first + cell_line - 1 if isinstance(first, int) and first > 0 else None


def _provided(notebook: Mapping[str, Any]) -> set[str]:
    provided: set[str] = set()
    for source, _meta in _code_cells(notebook):
        if "pip" in source:
            provided |= installed_by(source)
    return with_requirements(provided)


def _missing(module: str, dists: tuple[str, ...], options: LintOptions) -> str:
    if module in options.package_modules and options.package:
        typo: str | None = f"{options.package}.{module}"
    else:
        typo = near_stdlib(module)  # a difflib search: only when it can be the answer
    if typo is not None:
        return f"imports {module!r}, which nothing installs: did you mean `{typo}`?"
    return f"imports {module!r} but no install cell provides it (pip install {dists[0]})"


def _findings(notebook: Mapping[str, Any], options: LintOptions) -> Iterator[_Finding]:
    provided = _provided(notebook)
    local = local_modules(notebook)
    for source, meta in _code_cells(notebook):
        for found in imports_of(source):
            line = _page_line(meta, found.line)
            if found.module in STDLIB or found.module in local:
                continue
            dists = distributions_for(found.module, options.table)
            if is_preinstalled(found.module, dists, options.preinstalled):
                continue
            if not provided.intersection(dists) and normalize(found.module) not in provided:
                yield _Finding(MISSING_INSTALL, line, found.module,
                               _missing(found.module, dists, options))


def _first_per_module(variants: dict[_Finding, list[str]]) -> dict[_Finding, list[str]]:
    """One missing-install finding per module: the first line, every variant it is in."""
    kept: dict[_Finding, list[str]] = {}
    first: dict[str, _Finding] = {}
    for finding in sorted(variants, key=lambda f: (f.line or 0, f.kind, f.module)):
        where = variants[finding]
        earlier = first.get(finding.module) if finding.kind == MISSING_INSTALL else None
        if earlier is None:
            kept[finding] = list(where)
            if finding.kind == MISSING_INSTALL:
                first[finding.module] = finding
            continue
        kept[earlier] += [variant for variant in where if variant not in kept[earlier]]
    return kept


def lint_notebooks(path: str, notebooks: Mapping[str, Mapping[str, Any]],
                   options: LintOptions) -> list[PageWarning]:
    """Warnings for one page's notebooks (variant -> notebook dict), in page-line order."""
    if not options.enabled:
        return []
    variants: dict[_Finding, list[str]] = defaultdict(list)
    split = splits_by_framework(notebooks)
    for variant, notebook in notebooks.items():
        leaked = (_Finding(FRAMEWORK_LEAK, line, name, message)
                  for line, name, message in leaks(variant, notebook, split))
        for finding in (*_findings(notebook, options), *leaked):
            if variant not in variants[finding]:
                variants[finding].append(variant)
    variants = _first_per_module(variants)
    warnings = []
    for finding, where in variants.items():
        message = finding.message
        if finding.kind == MISSING_INSTALL and len(where) < len(notebooks):
            message += f" in the {', '.join(where)} notebook" + ("s" if len(where) > 1 else "")
        warnings.append(PageWarning(path, finding.line, message, finding.kind))
    return sorted(warnings, key=lambda w: (w.line or 0, w.kind, w.message))


# ``framework-leak`` in a framework's notebook: another framework's code that reached it.
#
# A cell from one framework's block that imports or installs another framework (``<pt>``
# importing TensorFlow) is a leak; it shows in its framework's notebook, and is reported
# there. So is what the page's shared text brings into a framework's notebook: on a page that
# splits its code by framework, a shared cell that imports or installs another framework (the
# TensorFlow half of a sample, ``pip install tensorflow``) runs in the wrong notebook. A page
# without framework blocks shows its code in every notebook, as the docs site does: nothing
# to report there.
def splits_by_framework(notebooks: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether the page has framework blocks (its mixed notebook says which)."""
    mixed = notebooks.get(md.MIXED)
    return bool(mixed and mixed["metadata"].get(md.KEY, {}).get(md.FRAMEWORKS))


def _page_cells(notebook: Mapping[str, Any]) -> Iterator[tuple[str, int, str | None]]:
    """``(source, first page line, framework)`` of the code cells that come from the page."""
    for cell in notebook["cells"]:
        meta = cell["metadata"].get(md.KEY, {})
        if cell["cell_type"] == "code" and isinstance(meta.get(md.LINE), int):
            yield "".join(cell["source"]), meta[md.LINE], meta.get(md.FRAMEWORK)


def leaks(variant: str, notebook: Mapping[str, Any], split: bool
          ) -> Iterator[tuple[int, str, str]]:
    """``(page line, module or package, message)`` for another framework's code in the
    ``variant`` notebook."""
    own = BY_NAME.get(variant)
    if own is None:
        return
    for source, first, scope in _page_cells(notebook):
        if scope is None and not split:
            continue  # a page without framework blocks: its code is every notebook's
        found = [(first + item.line - 1, "imports", item.module, BY_MODULE[item.module].name)
                 for item in imports_of(source) if item.module in BY_MODULE]
        if "pip" in source:
            found += [(first, "installs", package, BY_PACKAGE[package].name)
                      for package in sorted(installed_by(source)) if package in BY_PACKAGE]
        for line, verb, name, framework in found:
            if framework == own.name:
                continue
            other = BY_NAME[framework].label
            where = (f"the {own.label} notebook" if scope is None
                     else f"a {BY_NAME[scope].label} block")
            note = ": shared text on a page split by framework" if scope is None else ""
            yield line, name, f"{where} {verb} {name!r} ({other}){note}"
