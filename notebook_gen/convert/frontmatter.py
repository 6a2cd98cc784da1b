"""A page's leading YAML block: its title and per-page installs."""

from __future__ import annotations

from typing import Any

import yaml

from notebook_gen.errors import PageError
from notebook_gen.model import PageInfo


def read_front_matter(text: str | None, path: str) -> PageInfo:
    """``title`` names the notebook; ``notebook: {pip: [pkg, ...]}`` adds an install cell."""
    if not text:
        return PageInfo()
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise PageError(path, line, f"front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        return PageInfo()
    title = data.get("title")
    notebook = data.get("notebook") or {}
    pip = notebook.get("pip", []) if isinstance(notebook, dict) else []
    if isinstance(pip, str):
        pip = pip.split()
    if not isinstance(pip, list) or not all(isinstance(p, str) for p in pip):
        raise PageError(path, 1, "front matter notebook.pip must be a list of package names")
    return PageInfo(title=str(title) if title else None, extra_pip=tuple(pip))
