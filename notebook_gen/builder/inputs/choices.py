"""What the build decides on its own, once per build, and says in its notes: the
documented package (when not given) and each language's install cells.

A reader of the build log should never have to guess why every notebook starts with a
given cell, or why links point at a given package: each decision is one line of
``BuildReport.notes``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from notebook_gen.builder.inputs.config import (
    FIRST_CELLS,
    INSTALL_CONTENT,
    LanguageConfig,
    default_install_cells,
    load_config,
)
from notebook_gen.builder.inputs.discover import Language
from notebook_gen.builder.inputs.package import PackageChoice, infer_package
from notebook_gen.errors import PageError, PageWarning
from notebook_gen.links.inventory import ApiEntry


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
