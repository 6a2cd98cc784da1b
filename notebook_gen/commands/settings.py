"""``[tool.notebook-gen]`` read against the option table (:data:`.options.OPTIONS`), and the
value of each option: the command line's, else the settings', else its default.

A table is checked whole before a command does anything: an unknown key (with the key it
was likely meant to be), a key the settings cannot set (``force``: the command line only)
and a value of the wrong kind are all said at once, as a :class:`~.options.UsageError`
(exit status 2) naming the file and the key. Keys may be written with ``-`` or ``_``.

``--external NAME=DOCS_SOURCE``, shared by ``build`` and ``links``, is read here too
(:func:`externals_from`): other libraries' API inventories, from the command line and from
``external`` in ``[tool.notebook-gen]``.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notebook_gen.commands.kinds import WrongValueError
from notebook_gen.commands.options import OPTIONS, Option, UsageError, options_of
from notebook_gen.settings import load_settings, paths_from, shown_path

if TYPE_CHECKING:
    from notebook_gen.links.external import ExternalDocs

SETTABLE = {option.key: option for option in OPTIONS if option.setting}
"""Key -> option, for every option the settings may set."""


def read_settings(pyproject: Path | None) -> dict[str, Any]:
    """The checked values of the ``[tool.notebook-gen]`` table of ``pyproject`` by option
    name, relative paths made relative to the working folder. Raises
    :class:`~notebook_gen.errors.PageError` for a file that cannot be read and
    :class:`UsageError` for a table that is wrong."""
    if pyproject is None:
        return {}
    values: dict[str, Any] = {}
    problems: list[str] = []
    unknown = False
    for written, value in load_settings(pyproject).items():
        key = str(written).replace("_", "-")
        option = SETTABLE.get(key)
        try:
            if option is None:
                unknown = True
                raise WrongValueError(_why_not(key))
            if option.name in values:
                raise WrongValueError(f"{option.key} is given twice (- and _ are the same)")
            values[option.name] = option.kind.read(value)
        except WrongValueError as wrong:
            problems.append(f"{shown_path(pyproject)}: [tool.notebook-gen] {written}: {wrong}")
    if problems:
        if unknown:
            problems.append("valid keys: " + ", ".join(sorted(SETTABLE)))
        raise UsageError("\n".join(problems))
    path_keys = [option.name for option in SETTABLE.values() if option.kind.path]
    return paths_from(pyproject.parent, values, path_keys)


def _why_not(key: str) -> str:
    """Why ``key`` is no setting: an option of the command line only, a flag's name for a
    key named otherwise (``all`` for ``all-pages``), or a likely misspelling."""
    for option in OPTIONS:
        if f"--{key}" not in option.flags:
            continue
        if not option.setting:
            return (f"--{key} is given on the command line only (it asks one run for "
                    "something, not the project)")
        value = " = false" if option.negated else ""
        return f"unknown key (--{key} is set by the key {option.key}{value})"
    near = difflib.get_close_matches(key, SETTABLE, n=1, cutoff=0.7)
    return "unknown key" + (f" (did you mean {near[0]}?)" if near else "")


def resolve(args: argparse.Namespace, settings: dict[str, Any], command: str) -> dict[str, Any]:
    """Every option of ``command`` by name: the command line's value, else the settings',
    else the option's default."""
    return {option.name: _value(option, args, settings) for option in options_of(command)}


def _value(option: Option, args: argparse.Namespace, settings: dict[str, Any]) -> Any:
    given = getattr(args, option.name, None) if option.flags else None
    if given is not None:
        return given
    return settings.get(option.name, option.default)


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
