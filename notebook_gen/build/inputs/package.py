"""Which package a docs tree documents, when nobody said: from what the tree itself says.

The name goes into every link URL (``<docs>/<package>/<version>/...``), every API anchor
and the default install cell, so a wrong guess is costly. In order of trust:

1. the ``[[autodoc]]`` directives' common first name: ``datasets`` when at least half of
   them read ``datasets.Something`` (libraries that name objects relative to the package,
   ``[[autodoc]] models.bert.BertModel``, do not decide here);
2. the repository of a ``git+https://.../<name>.git`` URL in a ``_config.py`` install cell;
3. the repository folder: the folder holding ``docs/`` (``.../peft/docs/source`` gives
   ``peft``).

``src``, ``docs`` and ``source`` are never the answer: they name layouts, not packages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from notebook_gen.build.inputs.config import LanguageConfig, git_package, load_config
from notebook_gen.build.inputs.discover import tree_pages
from notebook_gen.errors import PageError
from notebook_gen.links.inventory import ApiEntry, Inventory, TreePages

NOT_A_PACKAGE = frozenset({"src", "docs", "doc", "source", "sources", ""})

FROM_FOLDER = "from the repository folder's name"
NOTHING_NAMES_IT = "nothing in the tree names it: set --package"
"""Reasons of a :class:`PackageChoice` that come from folders, not from files the build
reads (a build's snapshot cannot vouch for them: see :mod:`notebook_gen.build.quick`)."""


@dataclass(frozen=True)
class PackageChoice:
    name: str
    reason: str
    """How it was found, for the build's note (``from [[autodoc]] directives``)."""

    def note(self) -> str:
        return f"package: {self.name} ({self.reason})"


def _allowed(name: str | None) -> bool:
    return name is not None and name.lower() not in NOT_A_PACKAGE and not name.startswith(".")


def autodoc_package(entries: Iterable[ApiEntry]) -> str | None:
    """The first name shared by at least half of the ``[[autodoc]]`` directives."""
    firsts: Counter[str] = Counter()
    total = 0
    for entry in entries:
        total += 1
        head, dot, _ = entry.name.partition(".")
        if dot:
            firsts[head] += 1
    for name, count in firsts.most_common(3):
        if 2 * count >= total and _allowed(name):
            return name
    return None


def config_package(configs: Iterable[LanguageConfig | None]) -> str | None:
    """The repository most ``git+https`` URLs of the install cells name."""
    names = Counter(name for config in configs if config is not None
                    if _allowed(name := git_package(config.install_text())))
    return names.most_common(1)[0][0] if names else None


def folder_package(docs_root: Path) -> str | None:
    """The folder above the nearest ``docs`` folder (or above the root when there is
    none), skipping layout names: ``repo/src/docs/source`` gives ``repo``."""
    resolved = docs_root.resolve()
    chain = [resolved, *resolved.parents]
    start = next((index + 1 for index, folder in enumerate(chain)
                  if folder.name.lower() in ("docs", "doc")), 0)
    return next((folder.name for folder in chain[start:] if _allowed(folder.name)), None)


def infer_package(docs_root: Path, entries: Iterable[ApiEntry],
                  configs: Iterable[LanguageConfig | None] = ()) -> PackageChoice:
    """The documented package, by the rules above; ``package`` when nothing names one."""
    found = autodoc_package(entries)
    if found:
        return PackageChoice(found, "from the [[autodoc]] directives")
    found = config_package(configs)
    if found:
        return PackageChoice(found, "from the git+https URL of the _config.py install cell")
    found = folder_package(docs_root)
    if found:
        return PackageChoice(found, FROM_FOLDER)
    return PackageChoice("package", NOTHING_NAMES_IT)


def package_modules(entries: Iterable[ApiEntry], package: str) -> frozenset[str]:
    """Submodules of the package that its ``[[autodoc]]`` directives name
    (``[[autodoc]] debug_utils.DebugUnderflowOverflow``): an ``import debug_utils`` in a
    page means ``package.debug_utils``, which the lint says."""
    found = set()
    for entry in entries:
        head, dot, _ = entry.name.partition(".")
        if dot and head != package and head.isidentifier() and head.islower():
            found.add(head)
    return frozenset(found)


def tree_package(tree: TreePages, inventory: Inventory | None = None) -> PackageChoice:
    """The package of a docs tree for commands that run no build (``links --check``):
    the same rules, reading the tree's directives (``inventory``, when the caller has read
    it already) and configs."""
    configs: list[LanguageConfig | None] = []
    for folder in {tree.root, *tree.folders.values()}:
        try:
            configs.append(load_config(tree.root, folder))
        except PageError:
            continue  # the build reports it; a link check only needs a name
    entries = (inventory or Inventory.from_tree(tree)).entries
    return infer_package(tree.root, entries, configs)


def default_package(docs_root: Path) -> str:
    """The inferred package of the tree at ``docs_root``."""
    return tree_package(tree_pages(docs_root)).name
