"""Public names of a package, imported on first use.

The command line imports the top of the package and of several stages before it knows what
it will do; ``notebook-gen --help``, or a build with nothing to convert, should not pay for
the converter, the resolver or the kernel machinery. A package lists where each public name
lives, and its module ``__getattr__`` (PEP 562) imports that module when the name is first
asked for.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: a no-op build imports this, and nothing it need not
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where`` maps a public name to its module."""

    def attribute(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return attribute
