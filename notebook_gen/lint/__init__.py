"""Notebook lint: problems readers would meet in Colab, found before anything runs."""

from notebook_gen.lint.checks import (
    FRAMEWORK_LEAK,
    LINT_KINDS,
    MISSING_INSTALL,
    LintOptions,
    lint_notebooks,
)

__all__ = ["FRAMEWORK_LEAK", "LINT_KINDS", "MISSING_INSTALL", "LintOptions", "lint_notebooks"]
