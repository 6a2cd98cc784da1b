"""What the build decides on its own, once per build, and says in its notes: the documented
package (when not given) and each language's install cells (:func:`decide`). A reader of the
build log should never have to guess why every notebook starts with a given cell, or why
links point at a given package: each decision is one line of ``BuildReport.notes``.

Which package a docs tree documents, when nobody said, comes from what the repository says.

The name goes into every link URL (``<docs>/<package>/<version>/...``), every API anchor
and the default install cell, so a wrong guess is costly. ``[[autodoc]]`` names are often
written relative to the package (``[[autodoc]] utils.gather``), so their first name alone
never decides. In order of trust (after ``--package`` and the setting):

1. the packaging metadata: ``[project] name`` of ``pyproject.toml``, ``name=`` of
   ``setup.py``, ``[metadata] name`` of ``setup.cfg``, read statically from the nearest
   folder of the repository that has them (:mod:`.repository`);
2. the import package beside the docs: ``src/<name>/`` or ``<name>/``, namespace packages
   included; when there are several, the one the other evidence names;
3. the install lines of ``_config.py``: the repository of a ``git+https://.../<name>.git``
   URL, else a ``pip install`` name (the one the ``[[autodoc]]`` directives name, when there
   are several, else the first);
4. a directive's first name when it is the repository folder's name;
5. the repository folder's name: the folder holding ``docs/`` (``.../peft/docs/source``
   gives ``peft``), a guess, said with a warning.

``src``, ``docs`` and ``source`` are never the answer: they name layouts, not packages.
A distribution name and its import name may differ (``huggingface-hub`` installs
``huggingface_hub``): links and anchors use the import name (the package folder matching the
normalised distribution name), install cells the distribution name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from notebook_gen.builder.inputs.config import (
    FIRST_CELLS,
    INSTALL_CONTENT,
    LanguageConfig,
    default_install_cells,
    git_package,
    load_config,
)
from notebook_gen.builder.inputs.discover import Language, tree_pages
from notebook_gen.builder.inputs.repository import (
    NOT_LIBRARY_FOLDERS,
    ImportPackage,
    code_folder,
    declared_name,
    import_packages,
    packaging_files,
    walk,
)
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.inventory import ApiEntry, Inventory, TreePages
from notebook_gen.lint.installs import install_names

NOT_A_PACKAGE = frozenset({"src", "docs", "doc", "source", "sources", ""})

FROM_FOLDER = "from the repository folder's name"
NOTHING_NAMES_IT = "nothing in the tree names it: set --package"
"""Reasons of a :class:`PackageChoice` that come from folders, not from files the build
reads (a build's snapshot cannot vouch for them: see :mod:`notebook_gen.builder.quick`)."""
PACKAGE_KIND = "package"
_SEPARATORS = re.compile(r"[-_.]+")


@dataclass(frozen=True)
class PackageChoice:
    name: str
    """The import name: link URLs, API anchors, the lint's package."""
    reason: str
    """How it was found, for the build's note (``from pyproject.toml [project] name``)."""
    distribution: str = ""
    """The name ``pip install`` takes, when it is not :attr:`name` (``huggingface-hub``)."""
    warning: str = ""
    """Why the choice is a guess, when it is one."""

    @property
    def install_name(self) -> str:
        return self.distribution or self.name

    def note(self) -> str:
        installed = f", installed as {self.distribution}" if self.distribution else ""
        return f"package: {self.name}{installed} ({self.reason})"

    def warnings(self) -> list[PageWarning]:
        return [PageWarning(".", None, self.warning, PACKAGE_KIND)] if self.warning else []


def import_form(name: str) -> str:
    """A distribution name as a module name is spelled (``huggingface-hub`` ->
    ``huggingface_hub``)."""
    return _SEPARATORS.sub("_", name).lower()


def _allowed(name: str | None) -> bool:
    return name is not None and name.lower() not in NOT_A_PACKAGE and not name.startswith(".")


def autodoc_package(entries: Iterable[ApiEntry]) -> str | None:
    """The first name shared by at least half of the ``[[autodoc]]`` directives (a hint for
    the folder-name warning: relative names make it no proof)."""
    return _common(*_first_names(entries))


def _common(firsts: Counter[str], total: int) -> str | None:
    for name, count in firsts.most_common(3):
        if 2 * count >= total and _allowed(name):
            return name
    return None


def _first_names(entries: Iterable[ApiEntry]) -> tuple[Counter[str], int]:
    firsts: Counter[str] = Counter()
    total = 0
    for entry in entries:
        total += 1
        head, dot, _ = entry.name.partition(".")
        if dot:
            firsts[head] += 1
    return firsts, total


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


@dataclass
class _Evidence:
    """What the repository and the tree say, gathered once for the rules."""

    docs_root: Path
    firsts: Counter[str]
    total: int
    configs: list[LanguageConfig | None]
    folders: list[Path]
    packages: tuple[ImportPackage, ...] = ()

    def named_by_directives(self, names: Iterable[str]) -> list[str]:
        """Of ``names``, those the directives' first names name, most named first."""
        wanted = {import_form(name): name for name in names}
        found = [(count, first) for first, count in self.firsts.items()
                 if import_form(first) in wanted]
        return [wanted[import_form(first)] for _, first in sorted(found, reverse=True)]

    def import_name(self, distribution: str) -> str:
        """The import package that installs as ``distribution``: the one beside the docs
        with its normalised name, else the normalised name."""
        wanted = import_form(distribution)
        found = next((package.name for package in self.packages
                      if package.name.lower() == wanted), None)
        return found or wanted


def _by_metadata(evidence: _Evidence) -> PackageChoice | None:
    for folder in evidence.folders:
        for path in packaging_files(folder):
            declared = declared_name(path)
            if declared is None:
                continue
            evidence.packages = import_packages(folder)
            name = evidence.import_name(declared.name)
            distribution = declared.name if declared.name != name else ""
            return PackageChoice(name, f"from {declared.where}", distribution)
    return None


def _by_import_package(evidence: _Evidence) -> PackageChoice | None:
    """The one package beside the docs; of several (or of folders of modules at the root,
    which may be scripts), the one the directives, install lines or folder name name."""
    packages = evidence.packages = import_packages(code_folder(evidence.folders, None))
    strong = [package for package in packages if package.in_src or not package.namespace]
    if len(strong) == 1:
        return PackageChoice(strong[0].name, f"from the import package {strong[0].where}")
    by_name = {package.name: package for package in packages}
    named = evidence.named_by_directives(by_name)
    why = "the [[autodoc]] directives"
    if not named:
        folder = folder_package(evidence.docs_root)
        others = {import_form(name)
                  for name in [*_config_names(evidence.configs), *([folder] if folder else [])]}
        named = [name for name in by_name if name.lower() in others]
        why = "the install lines or the repository folder's name"
        if len(named) != 1:
            return None
    chosen = by_name[named[0]]
    return PackageChoice(chosen.name, f"from the import package {chosen.where}, named by {why}")


def _config_names(configs: Iterable[LanguageConfig | None]) -> list[str]:
    """The ``pip install`` names of the install cells, in order, each once."""
    names: dict[str, None] = {}
    for config in configs:
        if config is not None:
            names.update((name, None) for name in install_names(config.install_text())
                         if _allowed(name))
    return list(names)


def _by_install_lines(evidence: _Evidence) -> PackageChoice | None:
    found = config_package(evidence.configs)
    if found:
        return PackageChoice(evidence.import_name(found),
                             "from the git+https URL of the _config.py install cell",
                             _distribution(found, evidence))
    names = _config_names(evidence.configs)
    if not names:
        return None
    confirmed = evidence.named_by_directives(names)
    chosen = (confirmed or names)[0]
    why = " named by the [[autodoc]] directives" if confirmed and len(names) > 1 else ""
    return PackageChoice(evidence.import_name(chosen),
                         f"from the pip install line of the _config.py install cell{why}",
                         _distribution(chosen, evidence))


def _distribution(name: str, evidence: _Evidence) -> str:
    return name if name != evidence.import_name(name) else ""


def _by_folder(evidence: _Evidence) -> PackageChoice:
    folder = folder_package(evidence.docs_root)
    if folder is None:
        return PackageChoice("package", NOTHING_NAMES_IT, warning=(
            "nothing in the repository names the documented package (no pyproject.toml, "
            "setup.py or setup.cfg name, no import package beside the docs, no install line "
            "in _config.py): install cells say `!pip install package`; set --package"))
    if evidence.named_by_directives([folder]):
        return PackageChoice(evidence.import_name(folder), "from the [[autodoc]] directives, "
                             "which start with the repository folder's name",
                             _distribution(folder, evidence))
    common = _common(evidence.firsts, evidence.total)
    hint = (f"; the [[autodoc]] directives start with `{common}`: if that is the package, "
            f"set --package {common}" if common and common not in NOT_LIBRARY_FOLDERS else "")
    return PackageChoice(folder, FROM_FOLDER, warning=(
        f"the documented package `{folder}` is only the repository folder's name, a guess: "
        f"install cells say `!pip install {folder}` and API links point at /docs/{folder}/; "
        "nothing else names it (no name in pyproject.toml, setup.py or setup.cfg, no import "
        f"package beside the docs, no install line in _config.py){hint}; set --package or "
        "[tool.notebook-gen] package"))


def infer_package(docs_root: Path, entries: Iterable[ApiEntry],
                  configs: Iterable[LanguageConfig | None] = ()) -> PackageChoice:
    """The documented package, by the rules above (``package`` when nothing names one)."""
    firsts, total = _first_names(entries)
    evidence = _Evidence(docs_root, firsts, total, list(configs), walk(docs_root))
    for rule in (_by_metadata, _by_import_package, _by_install_lines):
        found = rule(evidence)
        if found is not None:
            return found
    return _by_folder(evidence)


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
    for folder in sorted({tree.root, *tree.folders.values()}):  # the root's first
        try:
            configs.append(load_config(tree.root, folder))
        except PageError:
            continue  # the build reports it; a link check only needs a name
    entries = (inventory or Inventory.from_tree(tree)).entries
    return infer_package(tree.root, entries, configs)


def default_package(docs_root: Path) -> str:
    """The inferred package of the tree at ``docs_root``."""
    return tree_package(tree_pages(docs_root)).name


@dataclass
class TreeChoices:
    package: PackageChoice
    configs: dict[str, LanguageConfig] = field(default_factory=dict)
    """Each selected language's config, install cells settled (languages whose config
    cannot be read are missing: their error is in the report)."""
    notes: list[str] = field(default_factory=list)
    warnings: list[PageWarning] = field(default_factory=list)
    """When the package is a guess (the repository folder's name), why."""


def _load(root: Path, languages: Sequence[Language], selected: Sequence[Language],
          errors: list[PageError]) -> dict[str, LanguageConfig | None]:
    configs: dict[str, LanguageConfig | None] = {}
    for language in languages:
        try:
            configs[language.code] = load_config(root, language.folder)
        except PageError as error:
            configs[language.code] = None
            if language in selected:
                error.message += f" (no notebooks for language {language.code!r})"
                errors.append(error)
    return configs


def _package(root: Path, given: str | None, entries: Iterable[ApiEntry],
             configs: Iterable[LanguageConfig | None]) -> PackageChoice:
    if given:
        return PackageChoice(given, "set by --package or [tool.notebook-gen]")
    return infer_package(root, entries, configs)


def _where(path: str | None, codes: list[str], several: bool) -> str:
    """``en/_config.py``, or ``_config.py (hi, ja)`` for a config shared by languages."""
    own = path is not None and len(codes) == 1 and path.startswith(f"{codes[0]}/")
    shown = path or "no _config.py found"
    return shown if own or not several else f"{shown} ({', '.join(codes)})"


def _install_note(configs: dict[str, LanguageConfig], package: str, several: bool) -> str:
    """``install cells: notebook_first_cells from en/_config.py, ...`` in one line."""
    groups: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for code, config in sorted(configs.items()):
        groups[(config.source or "", config.path)].append(code)
    by_source: dict[str, list[str]] = defaultdict(list)
    for (source, path), codes in sorted(groups.items(), key=lambda item: (item[0][0],
                                                                         item[0][1] or "")):
        by_source[source].append(_where(path, codes, several))
    parts = [f"{source} from {', '.join(places)}" for source, places in by_source.items()
             if source]
    if "" in by_source:
        fallback = ", ".join(place if place.startswith("no ") else
                             f"{place} defines neither {FIRST_CELLS} nor {INSTALL_CONTENT}"
                             for place in by_source[""])
        parts.append(f"{fallback}: `!pip install {package}`")
    return "install cells: " + ("; ".join(parts) if parts else "no language selected")


def decide(root: Path, package: str | None, languages: Sequence[Language],
           selected: Sequence[Language], entries: Iterable[ApiEntry],
           errors: list[PageError]) -> TreeChoices:
    """Settle the package and the install cells; config errors go to ``errors``."""
    loaded = _load(root, languages, selected, errors)
    choice = _package(root, package, entries, loaded.values())
    choices = TreeChoices(choice)
    for language in selected:
        config = loaded.get(language.code)
        if config is None:
            continue
        if config.source is None:
            config = replace(config, first_cells=default_install_cells(choice.install_name))
        choices.configs[language.code] = config
    choices.notes = [choice.note(), _install_note(choices.configs, choice.install_name,
                                                  len(languages) > 1)]
    choices.warnings = choice.warnings()
    return choices
