"""Reading the manifest's JSON as untrusted input: its exact shape, or :class:`MalformedError`.

The manifest lives in the output folder, where a merge, an editor or an attacker can
change it. Every field is checked for its type before a build relies on it; the first
thing out of place names what is wrong, and the caller treats the manifest as empty.
(Messages are only formatted on failure: this runs for every page of every build.)
"""

from __future__ import annotations

import json
from typing import Any

from notebook_gen.builder.snapshot import Stamp
from notebook_gen.errors import PageWarning

PageFields = tuple[str, list[str], str | None, list[PageWarning], dict[str, Stamp], bool,
                   list[str]]
"""inputs, outputs, title, warnings, stamps, marked, gpu: ``PageRecord``'s fields."""


class MalformedError(Exception):
    """The manifest's content is not what a build writes."""


def _bad(where: str, what: str) -> MalformedError:
    return MalformedError(f"malformed ({where} {what})")


def _stamps(value: Any, where: str, rel: str = "") -> dict[str, Stamp]:
    """Output path -> stamp; ``where`` names the field (of page ``rel``, if given)."""
    if not isinstance(value, dict):
        raise _bad(f"pages[{rel!r}].{where}" if rel else where, "is not an object")
    stamps: dict[str, Stamp] = {}
    for path, stamp in value.items():
        if not (type(stamp) is list and len(stamp) == 2 and type(stamp[0]) is int
                and stamp[0] >= 0 and type(stamp[1]) is str):
            raise _bad(f"{path!r} in {where}", "is not [size, hash]")
        stamps[path] = Stamp(stamp[0], stamp[1])
    return stamps


def _warnings(items: list[Any], rel: str) -> list[PageWarning]:
    found = []
    for item in items:
        if not (type(item) is list and len(item) == 4 and type(item[0]) is str
                and (item[1] is None or type(item[1]) is int)
                and type(item[2]) is str and type(item[3]) is str):
            raise _bad(f"pages[{rel!r}].warnings", "holds an item that is not "
                       "[path, line, message, kind]")
        found.append(PageWarning(*item))
    return found


def _page(rel: str, entry: Any) -> PageFields:
    """A page entry, as the arguments of a ``PageRecord``, in order."""
    if not isinstance(entry, dict):
        raise _bad(f"pages[{rel!r}]", "is not an object")
    inputs, title = entry.get("inputs"), entry.get("title")
    warnings, marked = entry.get("warnings", []), entry.get("marked", True)
    gpu = entry.get("gpu", [])
    if not (type(inputs) is str and (title is None or type(title) is str)
            and type(warnings) is list and type(marked) is bool and type(gpu) is list
            and all(type(path) is str for path in gpu)):
        raise _bad(f"pages[{rel!r}]", "has an inputs, title, warnings, marked or gpu field "
                   "of the wrong type")
    stamps = _stamps(entry.get("outputs"), "outputs", rel)
    return (inputs, sorted(stamps), title, _warnings(warnings, rel) if warnings else [],
            stamps, marked, gpu)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data)
    except RecursionError:
        raise MalformedError("malformed (nested too deep)") from None
    except ValueError as error:  # UnicodeDecodeError included
        raise MalformedError(f"not valid JSON ({error})") from None


def _versions(value: Any) -> dict[str, str]:
    if not (isinstance(value, dict) and all(type(version) is str for version in value.values())):
        raise _bad("versions", "is not an object of strings")
    return value


def read_manifest(data: bytes, expected_format: int,
                  ) -> tuple[dict[str, PageFields], dict[str, Stamp], str, dict[str, str]]:
    """``(pages, index files, index inputs, versions)`` of a manifest's bytes; raises
    :class:`MalformedError` for anything else. A manifest without versions (written before
    they were recorded) has none: its pages are converted again."""
    parsed = _parse(data)
    if not isinstance(parsed, dict):
        raise MalformedError("malformed (not a JSON object)")
    found = parsed.get("format")
    if found != expected_format:
        raise MalformedError(f"format {found!r}, this version of notebook-gen writes "
                             f"{expected_format}")
    pages = parsed.get("pages", {})
    if not isinstance(pages, dict):
        raise _bad("pages", "is not an object")
    records = {rel: _page(rel, entry) for rel, entry in pages.items()}
    index_files = _stamps(parsed.get("index_files", {}), "index_files")
    index_inputs = parsed.get("index_inputs", "")
    if not isinstance(index_inputs, str):
        raise _bad("index_inputs", "is not a string")
    return records, index_files, index_inputs, _versions(parsed.get("versions", {}))
