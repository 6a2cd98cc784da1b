"""The project's own notebooks (``notebooks_out``, built from ``docs/source``) run green.

Install cells are skipped: the package under test is installed in this
environment, not from PyPI. Notebooks for frameworks that are not installed are
reported skipped, which does not fail the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notebook_gen.execute.api import execute_notebooks
from notebook_gen.execute.results import Status

NOTEBOOKS = Path(__file__).parent.parent / "notebooks_out"


@pytest.mark.skipif(not NOTEBOOKS.is_dir(), reason="notebooks_out has not been built")
def test_own_notebooks_execute_green() -> None:
    report = execute_notebooks(NOTEBOOKS, no_install=True, check_outputs="strict", timeout=120)
    failures = [r.failure.message for r in report.results if r.failure is not None]
    assert failures == []
    assert report.count(Status.PASSED) > 0
