"""Other libraries' API inventories: ``[`~datasets.Dataset.map`]`` in the transformers docs
links to the datasets docs when the build is given ``--external datasets=DOCS_SOURCE``.

``DOCS_SOURCE`` is that library's docs folder (read like any tree: its ``[[autodoc]]``
directives, and its source beside it for exact anchors) or a JSON inventory that
``notebook-gen links --export-inventory`` wrote (:func:`read_inventory`, below).
A reference resolves there when its first name is the library's; it links to
``<docs_url>/<NAME>/<version>/<lang>/<page>#<anchor>``, in the reader's language when
that library has the page in it, else in English. Nothing is fetched from the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notebook_gen.errors import PageError
from notebook_gen.links.api import ApiIndex
from notebook_gen.links.exports import find_package_source
from notebook_gen.links.inventory import ApiEntry, Inventory, TreePages
from notebook_gen.regular_file import read_regular

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


# An API inventory as a JSON file, so that another library's build can link into it
# without a checkout of this one (``links --export-inventory`` writes it, ``--external
# NAME=FILE.json`` reads it).
#
# The format is versioned and checked on read; every problem is an error naming the file::
#
#     {
#       "format": "notebook-gen-inventory",
#       "format_version": 1,
#       "package": "datasets",
#       "anchors": "source",            # "source": exact; "guess": no source beside the docs
#       "objects": [
#         {"name": "Dataset", "anchor": "datasets.Dataset", "lang": "en",
#          "page": "package_reference/main_classes", "members": ["map", "all"]}
#       ]
#     }
#
# One object per ``[[autodoc]]`` directive of each language; ``name`` as written in it,
# ``anchor`` as the site writes it (:mod:`notebook_gen.links.exports`).
FORMAT = "notebook-gen-inventory"
FORMAT_VERSION = 1
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_PAGE = re.compile(r"^(?!.*(?:^|/)\.\.?(?:/|$))[\w.\-]+(?:/[\w.\-]+)*$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$")


@dataclass(frozen=True)
class StoredInventory:
    """What an inventory file holds: a package's ``[[autodoc]]`` entries and their anchors
    (package-relative name -> anchor)."""

    package: str
    inventory: Inventory
    anchors: dict[str, str]
    exact: bool = True


def dump_inventory(inventory: Inventory, index: ApiIndex, exact: bool) -> str:
    """The JSON text of a tree's inventory (``exact``: anchors computed from the source)."""
    objects = [
        {"name": entry.name, "anchor": index.anchor(index.relative(entry.name)),
         "lang": entry.lang, "page": entry.page, "members": list(entry.members)}
        for entry in sorted(inventory.entries, key=lambda e: (e.lang, e.page, e.line))
    ]
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, "package": index.package,
                "anchors": "source" if exact else "guess", "objects": objects}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def read_inventory(path: Path) -> StoredInventory:
    """Read and check an inventory file; a :class:`PageError` names the file and the problem."""
    try:
        document = json.loads(read_regular(path)[1].decode("utf-8"))
    except OSError as error:
        raise PageError(str(path), None, "cannot read the inventory: "
                        f"{error.strerror or error}") from None
    except UnicodeDecodeError:
        raise PageError(str(path), None, "not an inventory: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise PageError(str(path), error.lineno, f"not valid JSON: {error.msg}") from None
    except RecursionError:  # json's parser recurses once per level
        raise PageError(str(path), None, "not an inventory: JSON nested too deeply to read"
                        ) from None
    return _checked(str(path), document)


def _checked(shown: str, document: Any) -> StoredInventory:
    def fail(message: str) -> PageError:
        return PageError(shown, None, message)

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise fail(f'not a notebook-gen inventory (no "format": "{FORMAT}")')
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail('"format_version": expected an integer')
    if version > FORMAT_VERSION:
        raise fail(f"inventory format {version} is newer than this notebook-gen reads "
                   f"({FORMAT_VERSION}): upgrade notebook-gen, or export it again")
    package = document.get("package")
    if not isinstance(package, str) or not _DOTTED.match(package):
        raise fail('"package": expected a Python package name')
    exact = document.get("anchors", "source")
    if exact not in ("source", "guess"):
        raise fail('"anchors": expected "source" or "guess"')
    objects = document.get("objects")
    if not isinstance(objects, list):
        raise fail('"objects": expected a list')
    entries: list[ApiEntry] = []
    anchors: dict[str, str] = {}
    for number, item in enumerate(objects):
        entry, anchor = _entry(item, f"objects[{number}]", fail)
        entries.append(entry)
        rel = entry.name.removeprefix(package + ".")
        anchors[rel] = anchor
    pages = frozenset((entry.lang, entry.page) for entry in entries)
    return StoredInventory(package, Inventory(tuple(entries), pages), anchors,
                           exact == "source")


def _entry(item: Any, where: str, fail: Callable[[str], PageError]) -> tuple[ApiEntry, str]:
    if not isinstance(item, dict):
        raise fail(f"{where}: expected an object")
    checks = {"name": _DOTTED, "anchor": _DOTTED, "lang": _LANG, "page": _PAGE}
    for key, pattern in checks.items():
        value = item.get(key)
        if not isinstance(value, str) or not pattern.match(value):
            raise fail(f"{where}.{key}: {_describe(key, value)}")
    members = item.get("members", [])
    if not isinstance(members, list) or not all(isinstance(m, str) and m.isidentifier()
                                                for m in members):
        raise fail(f"{where}.members: expected a list of member names")
    entry = ApiEntry(item["name"], item["lang"], item["page"], 0, tuple(members))
    return entry, item["anchor"]


def _describe(key: str, value: Any) -> str:
    if value is None:
        return "missing"
    if not isinstance(value, str):
        return f"expected a string, got {json.dumps(value)}"
    wanted = {"name": "a dotted Python name", "anchor": "a dotted Python name",
              "lang": "a language code", "page": "a page path inside the docs"}[key]
    return f"expected {wanted}, got {json.dumps(value, ensure_ascii=False)}"
