"""Notebook lint: problems readers would meet in Colab, found before anything runs.

:func:`notebook_gen.lint.checks.lint_notebooks` runs the checks;
:mod:`notebook_gen.lint.checks` declares them (``LintOptions``, ``LINT_KINDS``, and each
kind: ``FRAMEWORK_LEAK``, ``MISSING_INSTALL``). The build imports only the options until it
converts a page.
"""
