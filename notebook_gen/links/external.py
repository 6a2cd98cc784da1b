"""Other libraries' API inventories: ``[`~datasets.Dataset.map`]`` in the transformers docs
links to the datasets docs when the build is given ``--external datasets=DOCS_SOURCE``.

``DOCS_SOURCE`` is that library's docs folder (read like any tree: its ``[[autodoc]]``
directives, and its source beside it for exact anchors) or a JSON inventory that
``notebook-gen links --export-inventory`` wrote (:mod:`notebook_gen.links.inventory_file`).
A reference resolves there when its first name is the library's; it links to
``<docs_url>/<NAME>/<version>/<lang>/<page>#<anchor>``, in the reader's language when
that library has the page in it, else in English. Nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notebook_gen.errors import PageError
from notebook_gen.links.api import ApiIndex
from notebook_gen.links.exports import find_package_source
from notebook_gen.links.inventory import Inventory, TreePages
from notebook_gen.links.inventory_file import read_inventory

DEFAULT_VERSION = "main"
USAGE = "expected NAME=DOCS_SOURCE or NAME@VERSION=DOCS_SOURCE (a docs folder or FILE.json)"


@dataclass(frozen=True)
class ExternalSpec:
    """One ``--external`` value: the library's package name, where its inventory is, and
    the docs version its links point at."""

    name: str
    source: Path
    version: str = DEFAULT_VERSION

    @classmethod
    def parse(cls, text: str) -> ExternalSpec:
        """``datasets=../datasets/docs/source`` or ``datasets@v2.16.0=inventory.json``."""
        named, sep, source = text.partition("=")
        name, _, version = named.strip().partition("@")
        if not sep or not source.strip() or not name.isidentifier():
            raise PageError(f"--external {text}", None, USAGE)
        return cls(name, Path(source.strip()), version.strip() or DEFAULT_VERSION)


def specs_from_setting(value: Any, where: str) -> list[ExternalSpec]:
    """The ``external`` table of ``[tool.notebook-gen]``: ``{ NAME = "DOCS_SOURCE" }`` or
    ``{ NAME = { source = "...", version = "..." } }``."""
    if not isinstance(value, dict):
        raise PageError(where, None, "external: expected a table { NAME = \"DOCS_SOURCE\" }")
    specs = []
    for name, item in value.items():
        source, version = (item, DEFAULT_VERSION) if isinstance(item, str) else (
            (item.get("source"), item.get("version", DEFAULT_VERSION))
            if isinstance(item, dict) else (None, None))
        if not (isinstance(source, str) and isinstance(version, str) and name.isidentifier()):
            raise PageError(where, None, f"external.{name}: {USAGE}")
        specs.append(ExternalSpec(name, Path(source), version))
    return specs


@dataclass(frozen=True)
class ExternalDocs:
    """Another library's inventory: its ``[[autodoc]]`` entries and their site anchors."""

    package: str
    version: str
    inventory: Inventory
    anchors: Mapping[str, str]
    origin: str
    """Where it was read from, for the build's notes."""

    def index(self) -> ApiIndex:
        """The look-up index of this library, with targets on its own site."""
        return ApiIndex(self.inventory, self.package, anchors=self.anchors,
                        site=(self.package, self.version))

    def describe(self) -> str:
        """One line for the build's summary."""
        objects = len({entry.name for entry in self.inventory.entries})
        return (f"external: {self.package} ({objects} documented objects, from {self.origin}, "
                f"linked at version {self.version})")


def load_external(spec: ExternalSpec, discover: Callable[[Path], TreePages]) -> ExternalDocs:
    """Read one external inventory; ``discover`` lists a docs folder's pages (the build's
    discovery, passed in so that this stage stays below the build)."""
    if spec.source.is_dir():
        inventory = Inventory.from_tree(discover(spec.source))
        source = find_package_source(spec.source, spec.name)
        anchors = ApiIndex(inventory, spec.name, source=source).anchors()
    elif spec.source.is_file():
        stored = read_inventory(spec.source)
        if stored.package != spec.name:
            raise PageError(str(spec.source), None, f"the inventory of `{stored.package}`, "
                            f"given as --external {spec.name}=...: the names must match")
        inventory, anchors = stored.inventory, stored.anchors
    else:
        raise PageError(str(spec.source), None, "no such docs folder or inventory file "
                        f"(--external {spec.name}=...)")
    if not inventory.entries:
        raise PageError(str(spec.source), None, "holds no [[autodoc]] directive: nothing to "
                        f"link to for --external {spec.name}")
    return ExternalDocs(spec.name, spec.version, inventory, anchors, spec.source.as_posix())


def load_externals(specs: list[ExternalSpec], discover: Callable[[Path], TreePages],
                   ) -> tuple[ExternalDocs, ...]:
    """Read every external inventory; a later spec of the same name replaces an earlier
    one (the command line comes after ``[tool.notebook-gen]``)."""
    chosen = {spec.name: spec for spec in specs}
    return tuple(load_external(spec, discover) for spec in chosen.values())
