"""The version, in a module of its own, and the versions of what shapes the output: the
manifest records them (:func:`output_versions`) so that an upgrade converts every page
again, without importing the package's public API."""

from __future__ import annotations

import os
import re
import sys

__version__ = "0.1.0"
GENERATOR = f"notebook_gen {__version__}"
"""How the tool names itself (``--version``)."""

SHAPING = ("markdown-it-py", "mdit-py-plugins", "pyyaml")
"""The distributions whose version can change a notebook or the index: the Markdown parser,
its front-matter plugin, and the YAML reader of front matter and toctrees."""


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed(wanted: set[str]) -> dict[str, str]:
    """Version by normalized name, from the first ``NAME-VERSION.dist-info`` (or
    ``NAME-VERSION[-pyX.Y].egg-info``, as Debian's packages have) on ``sys.path``, in the
    order imports follow. Listing the few folders of ``sys.path`` keeps
    ``importlib.metadata`` (and the email parser it loads) out of the quick check."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, a folder gone
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                project, _, version = stem.partition("-")
                key = _normalized(project)
                version = version.partition("-")[0]
                if key in wanted and key not in found and version:
                    found[key] = version
        if len(found) == len(wanted):
            break
    return found


def output_versions() -> dict[str, str]:
    """``notebook-gen`` and each of :data:`SHAPING` -> its installed version ("" when not
    installed). A distribution whose metadata folder does not name its version (a
    development egg) is asked of :mod:`importlib.metadata`."""
    found = _installed({_normalized(name) for name in SHAPING})
    versions = {"notebook-gen": __version__}
    for name in SHAPING:
        version = found.get(_normalized(name))
        if version is None:
            import importlib.metadata

            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                version = ""
        versions[name] = version
    return versions
