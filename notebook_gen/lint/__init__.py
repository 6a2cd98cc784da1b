"""Notebook lint: problems readers would meet in Colab, found before anything runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notebook_gen.lazy import lazy_names

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


__getattr__ = lazy_names(__name__, _WHERE)


__all__ = [
    "FRAMEWORK_LEAK",
    "LINT_KINDS",
    "MISSING_INSTALL",
    "LintOptions",
    "lint_notebooks",
]
