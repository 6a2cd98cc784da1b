"""``framework-leak`` in a framework's notebook: another framework's code that reached it.

A cell from one framework's block that imports or installs another framework (``<pt>``
importing TensorFlow) is a leak; it shows in its framework's notebook, and is reported
there. So is what the page's shared text brings into a framework's notebook: on a page that
splits its code by framework, a shared cell that imports or installs another framework (the
TensorFlow half of a sample, ``pip install tensorflow``) runs in the wrong notebook. A page
without framework blocks shows its code in every notebook, as the docs site does: nothing
to report there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from notebook_gen.convert import metadata as md
from notebook_gen.convert.frameworks import BY_MODULE, BY_NAME, BY_PACKAGE
from notebook_gen.lint.imports import imports_of
from notebook_gen.lint.installs import installed_by


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
