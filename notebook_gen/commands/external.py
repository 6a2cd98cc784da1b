"""``--external NAME=DOCS_SOURCE`` (worded in :mod:`notebook_gen.commands.options`), shared by
``build`` and ``links``: other libraries' API inventories, from the command line and from
``external`` in ``[tool.notebook-gen]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notebook_gen.links.external import ExternalDocs


def externals_from(args: argparse.Namespace, settings: dict[str, Any],
                   ) -> tuple[ExternalDocs, ...]:
    """``external`` of the settings, then ``--external`` (which wins for the same name).
    Raises :class:`~notebook_gen.errors.PageError` naming the bad value or file."""
    given = getattr(args, "external", None)
    if "external" not in settings and not given:
        return ()  # without loading the inventory readers
    from notebook_gen.build.inputs.discover import tree_pages
    from notebook_gen.links.external import ExternalSpec, load_externals, specs_from_setting

    specs = (specs_from_setting(settings["external"], "[tool.notebook-gen]")
             if "external" in settings else [])
    specs += [ExternalSpec.parse(text) for text in given or ()]
    return load_externals(specs, tree_pages)
