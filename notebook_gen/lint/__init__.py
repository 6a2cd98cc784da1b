"""Notebook lint: problems readers would meet in Colab, found before anything runs."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notebook_gen.lint.checks import lint_notebooks
    from notebook_gen.lint.options import FRAMEWORK_LEAK, LINT_KINDS, MISSING_INSTALL, LintOptions

_WHERE = {
    "FRAMEWORK_LEAK": "notebook_gen.lint.options",
    "LINT_KINDS": "notebook_gen.lint.options",
    "LintOptions": "notebook_gen.lint.options",
    "MISSING_INSTALL": "notebook_gen.lint.options",
    "lint_notebooks": "notebook_gen.lint.checks",
}
"""Public name -> its module, imported on first use: a build with nothing to
convert loads no check."""


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "FRAMEWORK_LEAK",
    "LINT_KINDS",
    "MISSING_INSTALL",
    "LintOptions",
    "lint_notebooks",
]
