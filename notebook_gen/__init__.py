"""notebook_gen: documentation pages in the Hugging Face dialect become Colab notebooks.

The public API:

- :func:`convert_page`: one page's text to its notebooks (``mixed``, ``pytorch``, ...);
- :func:`build`: a whole docs tree to an output folder (incremental, parallel, atomic);
- :func:`execute_notebooks`: run generated notebooks and report like a test suite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from notebook_gen.build.tree import BuildOptions, BuildReport, build
from notebook_gen.convert.page import ConvertOptions, PageConversion, convert_page
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.version import __version__

if TYPE_CHECKING:
    from notebook_gen.execute import execute_notebooks


def __getattr__(name: str) -> Any:
    """``execute_notebooks`` is loaded on first use: converting pages should not pay for
    importing the kernel machinery. (``notebook_gen.execute`` is its sub-package.)"""
    if name == "execute_notebooks":
        from notebook_gen.execute import execute_notebooks

        return execute_notebooks
    raise AttributeError(f"module 'notebook_gen' has no attribute {name!r}")


__all__ = [
    "BuildOptions",
    "BuildReport",
    "ConvertOptions",
    "PageConversion",
    "PageError",
    "PageWarning",
    "__version__",
    "build",
    "convert_page",
    "execute_notebooks",
]
