"""notebook_gen: documentation pages in the Hugging Face dialect become Colab notebooks.

The public API:

- :func:`convert_page`: one page's text to its notebooks (``mixed``, ``pytorch``, ...);
- :func:`build`: a whole docs tree to an output folder (incremental, parallel, atomic);
- :func:`execute_notebooks`: run generated notebooks and report like a test suite.
"""

from __future__ import annotations

import importlib

from notebook_gen.version import __version__

TYPE_CHECKING = False  # not typing's: a no-op build imports nothing it need not
if TYPE_CHECKING:
    from notebook_gen.builder.build import BuildOptions, BuildReport, build
    from notebook_gen.convert.options import ConvertOptions
    from notebook_gen.convert.page import PageConversion, convert_page
    from notebook_gen.errors import PageError, PageWarning
    from notebook_gen.execute.api import execute_notebooks
    from notebook_gen.execute.options import ExecuteOptions
    from notebook_gen.execute.results import CellFailure, NotebookResult, RunReport

_MODULE_OF = {
    "BuildOptions": "notebook_gen.builder.build",
    "BuildReport": "notebook_gen.builder.build",
    "build": "notebook_gen.builder.build",
    "ConvertOptions": "notebook_gen.convert.options",
    "PageConversion": "notebook_gen.convert.page",
    "convert_page": "notebook_gen.convert.page",
    "PageError": "notebook_gen.errors",
    "PageWarning": "notebook_gen.errors",
    "execute_notebooks": "notebook_gen.execute.api",
    "ExecuteOptions": "notebook_gen.execute.options",
    "CellFailure": "notebook_gen.execute.results",
    "NotebookResult": "notebook_gen.execute.results",
    "RunReport": "notebook_gen.execute.results",
}


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (PEP 562).

    The command line imports this package before anything else, and ``notebook-gen --help``
    or a build with nothing to do must not pay for the converter, the build or the kernel
    machinery; so the API is loaded when a caller asks for it, not here.
    """
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "BuildOptions",
    "BuildReport",
    "CellFailure",
    "ConvertOptions",
    "ExecuteOptions",
    "NotebookResult",
    "PageConversion",
    "PageError",
    "PageWarning",
    "RunReport",
    "__version__",
    "build",
    "convert_page",
    "execute_notebooks",
]
