"""Notebook JSON, byte for byte as ``nbformat.writes`` makes it, but fast.

``json.dumps(..., indent=1)`` falls back to the pure-Python encoder, which was the
largest single cost of a build. Here the layout (sorted keys, one space per level,
``ensure_ascii=False``) is written by a small recursive function; strings, the bulk of a
notebook, go straight to the C string encoder, and a list of strings (a cell's source
lines) is joined in one go. ``tests/test_serialize.py`` proves the output identical.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_other_scalar = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _other_scalar(value)


def _write(value: Any, depth: int, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = "\n" + " " * (depth + 1)
        separator = "{" + inner
        for key in sorted(value):
            out.append(separator)
            out.append(encode_basestring(key) if isinstance(key, str) else _scalar(str(key)))
            out.append(": ")
            _write(value[key], depth + 1, out)
            separator = "," + inner
        out.append("\n" + " " * depth + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = "\n" + " " * (depth + 1)
        if all(isinstance(item, str) for item in value):
            out.append("[" + inner + ("," + inner).join(map(encode_basestring, value)))
        else:
            separator = "[" + inner
            for item in value:
                out.append(separator)
                _write(item, depth + 1, out)
                separator = "," + inner
        out.append("\n" + " " * depth + "]")
    else:
        out.append(_scalar(value))


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)``, faster."""
    out: list[str] = []
    _write(value, 0, out)
    return "".join(out)
