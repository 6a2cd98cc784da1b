"""What the lint knows beyond the notebook (:class:`LintOptions`), in a module of its own:
the build and the command line hold these options without loading the checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from notebook_gen.errors import PageError
from notebook_gen.lint.names import COLAB_PREINSTALLED, import_table, preinstalled_set

MISSING_INSTALL = "missing-install"
FRAMEWORK_LEAK = "framework-leak"
LINT_KINDS = (MISSING_INSTALL, FRAMEWORK_LEAK)
"""The kinds of warning the lint gives (``--strict`` makes them errors)."""


@dataclass(frozen=True)
class LintOptions:
    """What the lint knows beyond the notebook; both tables come from settings."""

    import_names: tuple[tuple[str, str], ...] = ()
    """Extra module -> distribution pairs (``[tool.notebook-gen] import_names``)."""
    colab_preinstalled: tuple[str, ...] = COLAB_PREINSTALLED
    """Distributions (or modules) Colab has without an install cell."""
    enabled: bool = True
    package: str = ""
    """The documented package (set by the build)."""
    package_modules: frozenset[str] = frozenset()
    """Its submodules that ``[[autodoc]]`` directives name: ``import debug_utils`` gets
    "did you mean ``package.debug_utils``?" (set by the build)."""

    @cached_property
    def table(self) -> Mapping[str, tuple[str, ...]]:
        """Module -> distributions (made on first use: a build with nothing to lint never
        needs it)."""
        return import_table(dict(self.import_names))

    @cached_property
    def preinstalled(self) -> frozenset[str]:
        """The normalised names of what Colab has installed (made on first use)."""
        return preinstalled_set(self.colab_preinstalled)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> LintOptions:
        """From ``[tool.notebook-gen]``: ``import_names = {module = "distribution"}``,
        ``colab_preinstalled = [module, ...]`` (replaces the default list), ``lint = false``."""
        names = settings.get("import_names", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise PageError("pyproject.toml", None, "[tool.notebook-gen] import_names must "
                            "map module names to distribution names")
        preinstalled = settings.get("colab_preinstalled", COLAB_PREINSTALLED)
        if not isinstance(preinstalled, list | tuple):
            raise PageError("pyproject.toml", None,
                            "[tool.notebook-gen] colab_preinstalled must be a list of modules")
        return cls(tuple(sorted(names.items())), tuple(str(m) for m in preinstalled),
                   bool(settings.get("lint", True)))

    def fingerprint(self) -> str:
        return repr((self.import_names, self.colab_preinstalled, self.enabled, self.package,
                     sorted(self.package_modules)))
