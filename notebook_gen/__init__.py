"""notebook_gen: documentation pages in the Hugging Face dialect become Colab notebooks.

The public API:

- :func:`convert_page`: one page's text to its notebooks (``mixed``, ``pytorch``, ...);
- :func:`build`: a whole docs tree to an output folder (incremental, parallel, atomic);
- :func:`execute`: run generated notebooks and report like a test suite.
"""

from __future__ import annotations

__version__ = "0.1.0"

from notebook_gen.build import BuildOptions, BuildReport, build
from notebook_gen.convert import ConvertOptions, PageConversion, convert_page
from notebook_gen.errors import PageError, PageWarning

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
]
