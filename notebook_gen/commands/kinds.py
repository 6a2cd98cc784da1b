"""The kinds of value an option holds: how each is read from the command line and from
``[tool.notebook-gen]``, and how it is described when a value is wrong.

Both readers give the same value for the same meaning (``--lang ko,ja`` and
``lang = ["ko", "ja"]`` are ``("ko", "ja")``), so what a command does never depends on where
an option was set. A TOML value is taken as TOML types it: ``links = "false"`` is a string,
not a boolean, and is refused.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


class WrongValueError(ValueError):
    """A setting's value is not of its option's kind; the message says what is wrong."""


@dataclass(frozen=True)
class Kind:
    """One kind of value: ``expected`` describes it ("a string"); ``from_setting`` checks a
    TOML value and gives the option's value (raises :class:`WrongValueError`); ``from_text``
    is the argparse ``type`` of its command-line value (None: the text as given);
    ``choices``, when given, are the only values (argparse checks them on the command line);
    ``path``: a relative path in the settings is relative to the file's folder."""

    expected: str
    from_setting: Callable[[Any], Any]
    from_text: Callable[[str], Any] | None = None
    choices: tuple[str, ...] = ()
    path: bool = False

    def read(self, value: Any) -> Any:
        """The option's value for a TOML ``value``; a :class:`WrongValueError` names what was
        expected and what was given."""
        try:
            return self.from_setting(value)
        except WrongValueError:
            raise
        except (TypeError, ValueError):
            raise WrongValueError(f"expected {self.expected}, got {value!r}") from None


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError(value)
    return tuple(value)


def count_text(text: str) -> int:
    """``--jobs``: a whole number, 0 (one per core) or more."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{jobs} workers: give 1 or more, or 0 for one per "
                                         "core")
    return jobs


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(value)
    return value


_SIZE = re.compile(r"^\s*(\d+)\s*([kKmM]?)[bB]?\s*$")
_UNITS = {"": 1, "k": 1000, "m": 1000 ** 2}


def size_text(text: str) -> int:
    """``--max-page-size``: a whole number of bytes, 1 or more, or of kB or MB (``500k``,
    ``5M``)."""
    found = _SIZE.match(text)
    size = int(found[1]) * _UNITS[found[2].lower()] if found else 0
    if size < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: give bytes (5000000) or "
                                         "a whole number with k or M (5000k, 5M)")
    return size


def _size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(value)
    try:
        return value if isinstance(value, int) and value > 0 else size_text(str(value))
    except argparse.ArgumentTypeError:
        raise TypeError(value) from None


def languages_text(text: str) -> tuple[str, ...]:
    """``--lang ko,ja``: language codes, comma-separated."""
    return tuple(code.strip() for code in text.split(",") if code.strip())


def _languages(value: Any) -> tuple[str, ...]:
    return languages_text(value) if isinstance(value, str) else _strings(value)


def _regexes(value: Any) -> tuple[str, ...]:
    patterns = _strings(value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise WrongValueError(f"{pattern!r} is not a regular expression: {error}") from None
    return patterns


def _name_table(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise TypeError(value)
    return value


def _libraries(value: Any) -> dict[str, Any]:
    """``external``: ``{ NAME = "DOCS_SOURCE" }`` or ``{ NAME = { source = "...",
    version = "..." } }``, NAME a Python name."""
    if not isinstance(value, dict):
        raise TypeError(value)
    for name, item in value.items():
        fields = item if isinstance(item, dict) else {"source": item}
        if not (name.isidentifier() and isinstance(fields.get("source"), str)
                and isinstance(fields.get("version", ""), str)
                and set(fields) <= {"source", "version"}):
            raise WrongValueError(f"expected {LIBRARIES.expected}, got {name} = {item!r}")
    return value


TEXT = Kind("a string", _string)
PATH = Kind("a string", _string, path=True)
FLAG = Kind("true or false", _flag)
COUNT = Kind("a whole number, 0 or more", _count, count_text)
SIZE = Kind('a size: bytes (5000000) or a string with k or M ("5000k", "5M")', _size, size_text)
LANGUAGES = Kind("a comma-separated string or a list of strings", _languages, languages_text)
NAMES = Kind("a list of strings", _strings)
REGEXES = Kind("a list of regular expressions", _regexes)
NAME_TABLE = Kind("a table of names to strings", _name_table)
LIBRARIES = Kind('a table of NAME = "DOCS_SOURCE" or NAME = { source = "DOCS_SOURCE", '
                 'version = "VERSION" }', _libraries)


def choice(values: Sequence[str]) -> Kind:
    """One of ``values`` (the command line checks them with argparse's ``choices``)."""

    def read(value: Any) -> str:
        if value not in values:
            raise TypeError(value)
        return str(value)

    return Kind("one of " + ", ".join(repr(value) for value in values), read,
                choices=tuple(values))
