"""Notebook JSON, byte for byte as ``nbformat.writes`` makes it, but fast.

``json.dumps(..., indent=1)`` falls back to the pure-Python encoder, slow on notebooks
(writing them is much of a build's work). Here the layout (sorted keys, one space per level,
``ensure_ascii=False``) is written by a small recursive function over containers only:
strings, the bulk of a notebook, go straight to the C string encoder, a list of strings
(a cell's source lines) is joined in one go, and dict keys are encoded once per build.
``tests/test_serialize.py`` proves the output identical. The build's other JSON files
(the manifest, ``index.json``) are written by :func:`dumps_indented` in the same layout.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_other_scalar = json.JSONEncoder(ensure_ascii=False).encode
_encoded_keys: dict[str, str] = {}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return _other_scalar(value)


def _key(key: Any) -> str:
    encoded = _encoded_keys.get(key)
    if encoded is None:
        encoded = encode_basestring(key if isinstance(key, str) else _other_scalar(key).strip('"'))
        if len(_encoded_keys) < 4096:
            _encoded_keys[key] = encoded
    return encoded


def _item(value: Any, depth: int, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict or kind is list or isinstance(value, dict | list):
        _container(value, depth, out)
    else:
        out.append(_scalar(value))


def _container(value: dict[Any, Any] | list[Any], depth: int, out: list[str]) -> None:
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    inner = "\n" + " " * (depth + 1)
    following = "," + inner
    if isinstance(value, dict):
        separator = "{" + inner
        for key in sorted(value):
            out.append(separator)
            out.append(_key(key))
            out.append(": ")
            _item(value[key], depth + 1, out)
            separator = following
        out.append("\n" + " " * depth + "}")
    elif all(type(item) is str for item in value):
        out.append("[" + inner + following.join(map(encode_basestring, value)))
        out.append("\n" + " " * depth + "]")
    else:
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _item(item, depth + 1, out)
            separator = following
        out.append("\n" + " " * depth + "]")


def dumps_notebook(notebook: dict[str, Any], shared: dict[int, str]) -> str:
    """:func:`dumps_indented` of a notebook, each cell's text taken from ``shared`` (by the
    cell dict's ``id``) when another notebook of the page already holds that very dict: a
    page's notebooks share most of their cells. ``shared`` must not outlive the notebooks
    (an ``id`` is only unique while its object lives)."""
    out = []
    separator = "{\n "
    for key in sorted(notebook):
        out.append(separator + _key(key) + ": ")
        separator = ",\n "
        value = notebook[key]
        if key != "cells" or type(value) is not list or not value:
            _item(value, 1, out)
            continue
        texts = []
        for cell in value:
            text = shared.get(id(cell))
            if text is None:
                piece: list[str] = []
                _item(cell, 2, piece)
                text = shared[id(cell)] = "".join(piece)
            texts.append(text)
        out.append("[\n  " + ",\n  ".join(texts) + "\n ]")
    out.append("\n}" if notebook else "{}")
    return "".join(out)


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)``, faster."""
    out: list[str] = []
    _item(value, 0, out)
    return "".join(out)
