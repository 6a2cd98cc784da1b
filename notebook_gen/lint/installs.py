"""The distributions a notebook's install cells provide: ``pip install`` lines read as pip
would (options skipped, version specifiers, extras, VCS URLs and wheel files understood)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from notebook_gen.convert.dialect.installs import FILE_OPTIONS, VALUE_OPTIONS, pip_words
from notebook_gen.lint.names import EXTRAS, normalize

_PIP = re.compile(r"(?:^|[\s!%;&(])(?:python3?\s+-m\s+)?pip3?\s+install\s+(?P<args>.*)$")
_REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?")
_EGG = re.compile(r"[#&]egg=(?P<name>[A-Za-z0-9._-]+)")
_WITH_VALUE = FILE_OPTIONS | VALUE_OPTIONS
_COMMAND_END = frozenset({"&&", "||", ";", "|", "&"})


def _from_url(token: str) -> list[str]:
    egg = _EGG.search(token)
    if egg:
        return [egg["name"]]
    last = token.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    name = last.split("@", 1)[0].removesuffix(".git")
    return [name] if name else []


def requirement_names(token: str) -> list[str]:
    """Distribution names one ``pip install`` argument provides (extras included)."""
    if token.endswith(".whl"):
        return [token.rsplit("/", 1)[-1].split("-", 1)[0]]
    if "://" in token or token.startswith("git+"):
        return _from_url(token)
    if token.startswith((".", "/", "~")):
        return []
    match = _REQUIREMENT.match(token)
    if match is None:
        return []
    names = [match["name"]]
    for extra in (match["extras"] or "").split(","):
        extra = normalize(extra.strip())
        if extra:
            names.extend(EXTRAS.get(extra, (extra,)))
    return names


def _arguments(args: str) -> Iterable[str]:
    tokens = iter(pip_words(args))
    for token in tokens:
        if token in _COMMAND_END:
            return
        if token in _WITH_VALUE:
            next(tokens, None)
        elif not token.startswith("-"):
            yield token


def install_names(source: str) -> list[str]:
    """The distribution names the ``pip install`` lines of ``source`` name, as written and
    in order (extras' distributions included)."""
    names: list[str] = []
    for line in source.splitlines():
        match = _PIP.search(line)
        if match is None:
            continue
        for argument in _arguments(match["args"]):
            names.extend(requirement_names(argument))
    return names


@lru_cache(maxsize=1024)
def installed_by(source: str) -> frozenset[str]:
    """Normalised names of the distributions the ``pip install`` lines of ``source``
    install. Cached: every notebook of a language starts with the same install cells."""
    return frozenset(normalize(name) for name in install_names(source))
